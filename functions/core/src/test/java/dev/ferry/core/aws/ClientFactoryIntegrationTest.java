package dev.ferry.core.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testkit.DynamoDbLocal;
import dev.ferry.testkit.FakeStsClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.model.StsException;

class ClientFactoryIntegrationTest {
    @BeforeAll
    static void startDynamoDbLocal() {
        DynamoDbLocal.get();
    }

    @Test
    void dynamo_whenStandardEndpointSettingPointsAtEmulator_reachesIt() {
        // GIVEN the SDK's standard aws.endpointUrlDynamodb setting (set by DynamoDbLocal), no override in Ferry
        DynamoDbLocal.get().client("eu-west-1").createTable(b -> b.tableName("cf-probe")
                .billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                .keySchema(k -> k.attributeName("id").keyType("HASH")));
        try (ClientFactory factory = ClientFactory.defaults()) {
            // WHEN Ferry's factory builds a client THEN it lists the emulator's table
            assertThat(factory.dynamo(Side.of("eu-west-1")).listTables().tableNames()).contains("cf-probe");
        }
    }

    @Test
    void builder_whenItMakesTheHttpClient_keepsEnoughConnectionsAliveUnlessTheUserChoseHowMany() {
        String before = System.getProperty("http.maxConnections");
        try {
            System.clearProperty("http.maxConnections");
            ClientFactory.builder().build().close();
            assertThat(System.getProperty("http.maxConnections")).isEqualTo(ClientFactory.KEEP_ALIVE_CONNECTIONS);

            System.setProperty("http.maxConnections", "7");
            ClientFactory.builder().build().close();
            assertThat(System.getProperty("http.maxConnections")).isEqualTo("7");
        } finally {
            if (before == null) {
                System.clearProperty("http.maxConnections");
            } else {
                System.setProperty("http.maxConnections", before);
            }
        }
    }

    @Test
    void credentials_whenRoleGiven_assumesItWithExternalId() {
        FakeStsClient sts = new FakeStsClient().allow("arn:aws:iam::111122223333:role/ferry-source-access", "ext-1");
        try (ClientFactory factory = ClientFactory.builder().stsFactory(s -> sts).build()) {
            Side side = new Side("us-east-1", "arn:aws:iam::111122223333:role/ferry-source-access", "ext-1", null);
            assertThat(factory.credentials(side).resolveCredentials().accessKeyId()).isEqualTo("ferrytest");
            assertThat(sts.assumeRoleCalls()).isEqualTo(1);
        }
    }

    @Test
    void credentials_whenExternalIdWrong_failsWithAccessDenied() {
        FakeStsClient sts = new FakeStsClient().allow("arn:aws:iam::111122223333:role/ferry-source-access", "ext-1");
        try (ClientFactory factory = ClientFactory.builder().stsFactory(s -> sts).build()) {
            Side side = new Side("us-east-1", "arn:aws:iam::111122223333:role/ferry-source-access", "wrong", null);
            assertThatThrownBy(() -> factory.credentials(side).resolveCredentials())
                    .isInstanceOf(StsException.class)
                    .hasMessageContaining("not authorized");
        }
    }
}
