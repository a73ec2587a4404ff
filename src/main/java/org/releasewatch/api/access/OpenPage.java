package org.releasewatch.api.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller (or one of its methods) that serves a page which holds no data — the HTML shell whose
 * script then reads {@code /api} — so {@link AccessFilter} lets anybody GET it, like the static files. Every
 * other route is under the access rule.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface OpenPage {
}
