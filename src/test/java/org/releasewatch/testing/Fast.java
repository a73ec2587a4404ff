package org.releasewatch.testing;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test of the fast loop, {@code ./mvnw -B test -Dgroups=fast}: it starts no broker, no service, no browser
 * and no child process, and takes well under a few seconds — rules on the topology test driver, serdes,
 * renderers, validation, parsers. Carries the tag for both engines: JUnit Jupiter's {@code @Tag} and jqwik's
 * own (jqwik ignores Jupiter's), so a class with {@code @Property} methods is selected too.
 * {@link FastLoopTest} keeps the set honest.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag(Fast.TAG)
@net.jqwik.api.Tag(Fast.TAG)
public @interface Fast {

    String TAG = "fast";
}
