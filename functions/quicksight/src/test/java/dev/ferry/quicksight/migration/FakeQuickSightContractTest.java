package dev.ferry.quicksight.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.testkit.quicksight.FakeQuickSight;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.quicksight.QuickSightClient;
import software.amazon.awssdk.services.quicksight.model.AuroraPostgreSqlParameters;
import software.amazon.awssdk.services.quicksight.model.DataSource;
import software.amazon.awssdk.services.quicksight.model.DataSourceParameters;
import software.amazon.awssdk.services.quicksight.model.DataSourceType;
import software.amazon.awssdk.services.quicksight.model.GroupMember;
import software.amazon.awssdk.services.quicksight.model.IdentityType;
import software.amazon.awssdk.services.quicksight.model.ResourceNotFoundException;
import software.amazon.awssdk.services.quicksight.model.ResourceStatus;
import software.amazon.awssdk.services.quicksight.model.UserRole;

/**
 * Keeps the in-process QuickSight fake honest: the calls moto's server implements (users, groups, memberships,
 * data sources) give the same answers from the fake and from {@code moto_server}. Where {@code moto_server} is
 * not on the PATH the moto half is skipped, saying how to get it.
 */
class FakeQuickSightContractTest {
    private static final String ACCOUNT = "123456789012";
    private static Process moto;
    private static URI motoEndpoint;
    private static String motoMissing;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startMoto() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try {
            moto = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("moto.log").toFile()).start();
        } catch (IOException notInstalled) {
            motoMissing = "moto_server is not on the PATH: pip install 'moto[server]' to run the contract against it";
            return;
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                motoEndpoint = URI.create("http://127.0.0.1:" + port);
                return;
            } catch (IOException notYet) {
                if (!moto.isAlive()) {
                    break;
                }
                Thread.onSpinWait();
            }
        }
        motoMissing = "moto_server did not start (see " + dir.resolve("moto.log") + ")";
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.destroy();
        }
    }

    static Stream<Arguments> backends() {
        return Stream.of(Arguments.of("fake"), Arguments.of("moto_server"));
    }

    private static QuickSightClient client(String backend) {
        if (backend.equals("fake")) {
            return new FakeQuickSight(dir.resolve("bundles")).client(ACCOUNT, "us-east-1");
        }
        assumeTrue(motoEndpoint != null, motoMissing);
        return QuickSightClient.builder().endpointOverride(motoEndpoint).region(Region.US_EAST_1)
                .overrideConfiguration(c -> c.addExecutionInterceptor(new MotoTimestamps()))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    /**
     * moto 5 writes QuickSight timestamps as ISO text where the service (and so the SDK) uses epoch seconds; this
     * turns them back into numbers, so that the contract compares behaviour rather than moto's encoding.
     */
    private static final class MotoTimestamps implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        private static final java.util.regex.Pattern TIME = java.util.regex.Pattern.compile(
                "\"(CreatedTime|LastUpdatedTime)\"\\s*:\\s*\"([^\"]+)\"");

        @Override
        public java.util.Optional<java.io.InputStream> modifyHttpResponseContent(
                software.amazon.awssdk.core.interceptor.Context.ModifyHttpResponse context,
                software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            return context.responseBody().map(in -> {
                try {
                    String body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    java.util.regex.Matcher m = TIME.matcher(body);
                    StringBuilder out = new StringBuilder();
                    while (m.find()) {
                        String text = m.group(2).replace(' ', 'T');
                        long epoch = java.time.LocalDateTime.parse(text.length() > 19 ? text.substring(0, 19) : text)
                                .toEpochSecond(java.time.ZoneOffset.UTC);
                        m.appendReplacement(out, "\"" + m.group(1) + "\": " + epoch);
                    }
                    m.appendTail(out);
                    return new java.io.ByteArrayInputStream(out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void usersAndGroups_whenRegisteredAndJoined_areDescribedAndListed(String backend) {
        QuickSightClient qs = client(backend);

        qs.registerUser(b -> b.awsAccountId(ACCOUNT).namespace("default").identityType(IdentityType.QUICKSIGHT)
                .userName("contract-user").email("contract@example.com").userRole(UserRole.ADMIN));
        qs.createGroup(b -> b.awsAccountId(ACCOUNT).namespace("default").groupName("ContractAdmins"));
        qs.createGroupMembership(b -> b.awsAccountId(ACCOUNT).namespace("default").groupName("ContractAdmins").memberName("contract-user"));

        var user = qs.describeUser(b -> b.awsAccountId(ACCOUNT).namespace("default").userName("contract-user")).user();
        assertThat(user.userName()).isEqualTo("contract-user");
        assertThat(user.role()).isEqualTo(UserRole.ADMIN);
        assertThat(user.arn()).endsWith(":user/default/contract-user");
        assertThat(qs.describeGroup(b -> b.awsAccountId(ACCOUNT).namespace("default").groupName("ContractAdmins")).group().arn())
                .endsWith(":group/default/ContractAdmins");
        assertThat(qs.listUsers(b -> b.awsAccountId(ACCOUNT).namespace("default")).userList()).extracting(u -> u.userName())
                .contains("contract-user");
        assertThat(qs.listGroups(b -> b.awsAccountId(ACCOUNT).namespace("default")).groupList()).extracting(g -> g.groupName())
                .contains("ContractAdmins");
        assertThat(qs.listGroupMemberships(b -> b.awsAccountId(ACCOUNT).namespace("default").groupName("ContractAdmins")).groupMemberList())
                .extracting(GroupMember::memberName).containsExactly("contract-user");
        assertThatThrownBy(() -> qs.describeUser(b -> b.awsAccountId(ACCOUNT).namespace("default").userName("nobody")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> qs.describeGroup(b -> b.awsAccountId(ACCOUNT).namespace("default").groupName("NoGroup")))
                .isInstanceOf(ResourceNotFoundException.class);

        qs.deleteGroup(b -> b.awsAccountId(ACCOUNT).namespace("default").groupName("ContractAdmins"));
        qs.deleteUser(b -> b.awsAccountId(ACCOUNT).namespace("default").userName("contract-user"));
        assertThatThrownBy(() -> qs.describeUser(b -> b.awsAccountId(ACCOUNT).namespace("default").userName("contract-user")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void dataSource_whenCreated_becomesSuccessfulIsListedAndDeletes(String backend) {
        QuickSightClient qs = client(backend);
        DataSourceParameters parameters = DataSourceParameters.builder().auroraPostgreSqlParameters(AuroraPostgreSqlParameters.builder()
                .host("db.example.internal").port(5432).database("app").build()).build();

        qs.createDataSource(b -> b.awsAccountId(ACCOUNT).dataSourceId("contract_db").name("Contract DB")
                .type(DataSourceType.AURORA_POSTGRESQL).dataSourceParameters(parameters));

        DataSource ds = null;
        for (int poll = 0; poll < 10; poll++) {
            ds = qs.describeDataSource(b -> b.awsAccountId(ACCOUNT).dataSourceId("contract_db")).dataSource();
            if (ds.status() != ResourceStatus.CREATION_IN_PROGRESS) {
                break;
            }
        }
        assertThat(ds.status()).isEqualTo(ResourceStatus.CREATION_SUCCESSFUL);
        assertThat(ds.name()).isEqualTo("Contract DB");
        assertThat(ds.arn()).endsWith(":datasource/contract_db");
        List<String> listed = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            var response = qs.listDataSources(b -> b.awsAccountId(ACCOUNT).nextToken(page));
            response.dataSources().forEach(d -> listed.add(d.dataSourceId()));
            token = response.nextToken();
        } while (token != null);
        assertThat(listed).contains("contract_db");

        qs.deleteDataSource(b -> b.awsAccountId(ACCOUNT).dataSourceId("contract_db"));
        assertThatThrownBy(() -> qs.describeDataSource(b -> b.awsAccountId(ACCOUNT).dataSourceId("contract_db")))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
