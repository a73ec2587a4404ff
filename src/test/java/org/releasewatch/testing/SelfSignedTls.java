package org.releasewatch.testing;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for one host name, made with the JDK's {@code keytool}: the server's {@link SSLContext}
 * holding it, and a client {@link SSLContext} that trusts it and nothing else.
 */
public record SelfSignedTls(SSLContext server, SSLContext client) {

    public static SelfSignedTls forHost(String host) {
        try {
            Path dir = Files.createTempDirectory("tls");
            Path keystore = dir.resolve("server.p12");
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=" + host, "-ext", "SAN=dns:" + host,
                    "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
                    .redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes());
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                keys.load(in, "changeit".toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "changeit".toCharArray());
            SSLContext serverSsl = SSLContext.getInstance("TLS");
            serverSsl.init(kmf.getKeyManagers(), null, null);

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", keys.getCertificate("server"));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext clientSsl = SSLContext.getInstance("TLS");
            clientSsl.init(null, tmf.getTrustManagers(), null);
            return new SelfSignedTls(serverSsl, clientSsl);
        } catch (Exception e) {
            throw new IllegalStateException("could not make a self-signed certificate for " + host, e);
        }
    }
}
