package org.releasewatch.ops;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A size an operator's request may not exceed, set by {@link OpsConfig} ({@code releasewatch.ops.*}) rather than in
 * the code: checked by {@link OpsLimitValidator}, whose message names the setting and its value.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT})
@Constraint(validatedBy = {})
public @interface OpsLimit {

    /** Which bound. */
    Bound value();

    String message() default "is beyond releasewatch.ops";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    enum Bound {
        /** Characters of a silence's comment ({@code releasewatch.ops.comment-max}). */
        COMMENT,
        /** Values in one matcher list of a silence ({@code releasewatch.ops.matcher-values-max}). */
        MATCHER_VALUES
    }
}
