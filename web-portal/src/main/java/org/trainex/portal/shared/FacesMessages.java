package org.trainex.portal.shared;

import jakarta.ejb.EJBException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;

/**
 * Faces messages for the portal's screens: a domain error (unwrapped from the EJB layer) becomes a message on the
 * page and nothing else changes.
 */
public final class FacesMessages {
    private FacesMessages() {
    }

    public static void info(String summary) {
        add(FacesMessage.SEVERITY_INFO, summary);
    }

    public static void warn(RuntimeException e) {
        add(FacesMessage.SEVERITY_WARN, message(e));
    }

    public static void error(RuntimeException e) {
        add(FacesMessage.SEVERITY_ERROR, message(e));
    }

    /** The signed-in user's name. */
    public static String user() {
        return FacesContext.getCurrentInstance().getExternalContext().getUserPrincipal().getName();
    }

    private static void add(FacesMessage.Severity severity, String summary) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(severity, summary, null));
    }

    /** The domain exception inside the EJB layer's wrapping. */
    public static Throwable cause(RuntimeException e) {
        Throwable t = e;
        while (t instanceof EJBException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The message of the domain exception inside {@code e} (its class name if it has none). */
    public static String message(RuntimeException e) {
        Throwable t = cause(e);
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
