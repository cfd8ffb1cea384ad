package org.trainex.portal.shared;

import jakarta.faces.FacesException;
import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerFactory;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.ExceptionQueuedEvent;
import java.io.IOException;
import java.util.Iterator;

/**
 * The portal's Faces exception handler (registered in faces-config.xml): every exception a view or an action lets
 * escape is logged once at SEVERE with a random incident id ({@link Incidents}) and the person sees a friendly page
 * with that id and no stack trace (issue 11, item 8). A full-page request ends with {@code sendError(500)} and the id
 * as a request attribute, so the web.xml error page ({@link ErrorPages}) shows it (if the response is already
 * committed, the exception goes on to the container); an AJAX request (which cannot show an error page) is
 * redirected to {@code /errors/incident?id=...}.
 */
public class IncidentExceptionHandlerFactory extends ExceptionHandlerFactory {
    public IncidentExceptionHandlerFactory(ExceptionHandlerFactory wrapped) {
        super(wrapped);
    }

    @Override
    public ExceptionHandler getExceptionHandler() {
        return new Handler(getWrapped().getExceptionHandler());
    }

    /** Logs with an incident id and sends the person to the error page. */
    static final class Handler extends ExceptionHandlerWrapper {
        Handler(ExceptionHandler wrapped) {
            super(wrapped);
        }

        @Override
        public void handle() {
            Iterator<ExceptionQueuedEvent> events = getUnhandledExceptionQueuedEvents().iterator();
            if (!events.hasNext()) {
                getWrapped().handle();
                return;
            }
            FacesContext faces = FacesContext.getCurrentInstance();
            ExternalContext ext = faces.getExternalContext();
            Throwable first = events.next().getContext().getException();
            events.remove();
            while (events.hasNext()) {  // later ones are usually consequences of the first: logged under the same id
                first.addSuppressed(events.next().getContext().getException());
                events.remove();
            }
            String id = Incidents.record(ext.getRequestServletPath() + " (Faces phase " + faces.getCurrentPhaseId()
                    + ")", first);
            ext.getRequestMap().put(Incidents.ATTRIBUTE, id);
            if (faces.getPartialViewContext().isAjaxRequest() && !ext.isResponseCommitted()) {
                try {
                    ext.redirect(ext.getRequestContextPath() + "/errors/incident?id=" + id);
                    faces.responseComplete();
                    return;
                } catch (IOException | IllegalStateException e) {
                    // fall through: the container's error page
                }
            }
            if (!ext.isResponseCommitted()) {
                try {
                    // the container's error page for 500 (ErrorPages) shows the id from the request attribute
                    ext.responseReset();
                    ext.responseSendError(500, "incident " + id);
                    faces.responseComplete();
                    return;
                } catch (IOException | IllegalStateException e) {
                    // fall through: rethrow to the container
                }
            }
            throw first instanceof FacesException f ? f : new FacesException("incident " + id, first);
        }
    }
}
