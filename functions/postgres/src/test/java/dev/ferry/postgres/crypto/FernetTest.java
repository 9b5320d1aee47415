package dev.ferry.postgres.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fernet against the specification's test vectors (github.com/fernet/spec, generate.json and verify.json). */
class FernetTest {
    private static final String SECRET = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
    private static final String TOKEN = "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==";
    private static final Instant NOW = OffsetDateTime.parse("1985-10-26T01:20:00-07:00").toInstant();
    private static final byte[] IV = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

    @Test
    void encrypt_whenGivenTheSpecVectorsTimeAndIv_makesTheSpecToken() {
        assertThat(Fernet.of(SECRET).encrypt("hello".getBytes(StandardCharsets.UTF_8), NOW, IV)).isEqualTo(TOKEN);
    }

    @Test
    void decrypt_whenTheSpecTokenWithinItsTtl_givesTheSource() {
        byte[] plain = Fernet.of(SECRET).decrypt(TOKEN, Duration.ofSeconds(60), NOW.plusSeconds(1));

        assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void decrypt_whenAltered_failsOnTheSignature() {
        byte[] raw = Base64.getUrlDecoder().decode(TOKEN);
        raw[30] ^= 1;

        assertThatThrownBy(() -> Fernet.of(SECRET).decrypt(Base64.getUrlEncoder().encodeToString(raw)))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.SIGNATURE));
    }

    @Test
    void decrypt_whenAnotherKey_failsOnTheSignatureWithoutShowingTokenOrKey() {
        String otherKey = Fernet.generateKey();

        assertThatThrownBy(() -> Fernet.of(otherKey).decrypt(TOKEN))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.SIGNATURE))
                .message().doesNotContain(TOKEN).doesNotContain(otherKey).doesNotContain("hello");
    }

    @Test
    void decrypt_whenNotAToken_saysItIsMalformed() {
        for (String bad : List.of("%%%%not-base64%%%%", "gAAAAAAdwJ6w", Base64.getUrlEncoder().encodeToString(new byte[73]))) {
            assertThatThrownBy(() -> Fernet.of(SECRET).decrypt(bad)).as(bad)
                    .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.MALFORMED));
        }
    }

    @Test
    void decrypt_whenExpiredOrFromTheFuture_saysSo() {
        Fernet fernet = Fernet.of(SECRET);

        assertThatThrownBy(() -> fernet.decrypt(TOKEN, Duration.ofSeconds(60), NOW.plusSeconds(61)))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.EXPIRED));
        assertThatThrownBy(() -> fernet.decrypt(TOKEN, Duration.ofSeconds(60), NOW.minusSeconds(3600)))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.EXPIRED));
    }

    @Test
    void decryptor_whenSeveralKeys_triesEachAsMultiFernetDoes() {
        Decryptor rotated = Decryptor.fernet(List.of(Fernet.of(Fernet.generateKey()), Fernet.of(SECRET)));

        assertThat(new String(rotated.decrypt(TOKEN), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void of_whenNotAKey_refusesWithoutEchoingIt() {
        assertThatThrownBy(() -> Fernet.of("c2hvcnQ=")).isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("c2hvcnQ=");
    }
}
