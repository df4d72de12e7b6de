package io.parley.notifier.crypto;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * P-256 keys in the raw forms the push protocols use: the 65-byte uncompressed point
 * (0x04 || X || Y) for public keys, the 32-byte scalar for private keys; and PEM PKCS#8 parsing
 * (APNs .p8 keys, FCM service-account keys). JDK only.
 */
public final class EcKeys {

    public static final int POINT_LENGTH = 65;

    private static final ECParameterSpec P256 = p256();

    private EcKeys() {
    }

    public static ECParameterSpec p256Params() {
        return P256;
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] encodePoint(ECPublicKey key) {
        byte[] out = new byte[POINT_LENGTH];
        out[0] = 0x04;
        copyUnsigned(key.getW().getAffineX(), out, 1, 32);
        copyUnsigned(key.getW().getAffineY(), out, 33, 32);
        return out;
    }

    public static ECPublicKey decodePoint(byte[] point) {
        if (point == null || point.length != POINT_LENGTH || point[0] != 0x04) {
            throw new IllegalArgumentException("not an uncompressed P-256 point (65 bytes starting with 0x04)");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 33));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 33, 65));
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a point on P-256", e);
        }
    }

    public static byte[] encodePrivate(ECPrivateKey key) {
        byte[] out = new byte[32];
        copyUnsigned(key.getS(), out, 0, 32);
        return out;
    }

    public static ECPrivateKey decodePrivate(byte[] scalar) {
        if (scalar == null || scalar.length != 32) {
            throw new IllegalArgumentException("a P-256 private key is 32 bytes");
        }
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC")
                    .generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), P256));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 private key", e);
        }
    }

    /** A PEM "PRIVATE KEY" (PKCS#8) of the given algorithm ("EC" or "RSA"). */
    public static PrivateKey pkcs8(String pem, String algorithm) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("missing PEM private key");
        }
        String body = pem.replace("\\n", "\n").replaceAll("-----(BEGIN|END) [A-Z ]*PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance(algorithm)
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a PKCS#8 " + algorithm + " private key", e);
        }
    }

    private static void copyUnsigned(BigInteger v, byte[] out, int off, int len) {
        byte[] b = v.toByteArray();
        int start = Math.max(0, b.length - len);
        int n = b.length - start;
        System.arraycopy(b, start, out, off + len - n, n);
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 unavailable", e);
        }
    }
}
