-- The threat-engine onboarding database: tenants own providers (one per cloud), providers own accounts, each
-- account has one set of credentials (a Fernet token of a JSON document) and scan schedules; schedules run
-- executions, executions produce scan results. This is the example database of postgres-to-dynamodb
-- (events/examples/threat-engine-postgres.json migrates it as it is).

CREATE TABLE tenants (
    tenant_id    uuid        PRIMARY KEY,
    tenant_name  text        NOT NULL UNIQUE,
    description  text,
    status       text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deleted')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE providers (
    provider_id   uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL REFERENCES tenants (tenant_id) ON DELETE CASCADE,
    provider_type text        NOT NULL CHECK (provider_type IN ('aws', 'azure', 'gcp', 'oci', 'alicloud', 'ibm')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, provider_type)
);

CREATE TABLE accounts (
    account_id        uuid        PRIMARY KEY,
    provider_id       uuid        NOT NULL REFERENCES providers (provider_id) ON DELETE CASCADE,
    tenant_id         uuid        NOT NULL REFERENCES tenants (tenant_id) ON DELETE CASCADE,
    account_name      text        NOT NULL,
    account_number    varchar(64),
    status            text        NOT NULL DEFAULT 'active',
    onboarding_status text        NOT NULL DEFAULT 'pending',
    last_validated_at timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX accounts_tenant_idx ON accounts (tenant_id);

CREATE TABLE account_credentials (
    credential_id   uuid        PRIMARY KEY,
    account_id      uuid        NOT NULL UNIQUE REFERENCES accounts (account_id) ON DELETE CASCADE,
    credential_type text        NOT NULL CHECK (credential_type IN ('aws_iam_role', 'aws_access_key', 'azure_service_principal', 'gcp_service_account')),
    encrypted_data  text        NOT NULL, -- Fernet token of the credentials' JSON document
    expires_at      timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE schedules (
    schedule_id      uuid        PRIMARY KEY,
    tenant_id        uuid        NOT NULL REFERENCES tenants (tenant_id) ON DELETE CASCADE,
    account_id       uuid        NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
    name             text        NOT NULL,
    schedule_type    text        NOT NULL CHECK (schedule_type IN ('cron', 'interval')),
    provider_type    text        NOT NULL,
    cron_expression  text,
    interval_seconds integer,
    regions          text[]      NOT NULL DEFAULT '{}',
    services         text[]      NOT NULL DEFAULT '{}',
    exclude_services text[]      NOT NULL DEFAULT '{}',
    enabled          boolean     NOT NULL DEFAULT true,
    next_run_at      timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((schedule_type = 'cron' AND cron_expression IS NOT NULL) OR (schedule_type = 'interval' AND interval_seconds IS NOT NULL))
);

CREATE TABLE executions (
    execution_id  uuid        PRIMARY KEY,
    schedule_id   uuid        REFERENCES schedules (schedule_id) ON DELETE SET NULL,
    account_id    uuid        NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
    tenant_id     uuid        NOT NULL REFERENCES tenants (tenant_id) ON DELETE CASCADE,
    status        text        NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),
    triggered_by  text        NOT NULL DEFAULT 'schedule',
    started_at    timestamptz NOT NULL,
    completed_at  timestamptz,
    duration_ms   bigint,
    total_checks  integer     NOT NULL DEFAULT 0,
    passed_checks integer     NOT NULL DEFAULT 0,
    failed_checks integer     NOT NULL DEFAULT 0,
    error_message text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE scan_results (
    result_id    bigserial     PRIMARY KEY,
    execution_id uuid          NOT NULL REFERENCES executions (execution_id) ON DELETE CASCADE,
    account_id   uuid          NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
    tenant_id    uuid          NOT NULL REFERENCES tenants (tenant_id) ON DELETE CASCADE,
    service      text          NOT NULL,
    region       text,
    resource_arn text,
    rule_id      text          NOT NULL,
    severity     text          NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')),
    status       text          NOT NULL CHECK (status IN ('pass', 'fail', 'error', 'skipped')),
    risk_score   numeric(12,4),
    details      jsonb         NOT NULL DEFAULT '{}',
    evidence     bytea,
    scan_date    date          NOT NULL,
    scanned_at   timestamptz   NOT NULL,
    updated_at   timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX scan_results_execution_idx ON scan_results (execution_id);
