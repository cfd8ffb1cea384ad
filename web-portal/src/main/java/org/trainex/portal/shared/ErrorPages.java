package org.trainex.portal.shared;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The portal's and the REST API's error pages (web.xml {@code error-page} entries point here), so neither a browser
 * nor a REST client ever sees Undertow's HTML error page or a stack trace (issue 11, item 8):
 * <ul>
 *   <li>a request to {@code /api/*}, or from a client that does not accept {@code text/html}, gets an RFC 9457
 *       {@code application/problem+json} document with the status: the 401 of elytron-oidc-client for a missing or
 *       bad bearer token, 403 from a security constraint, 413 when Undertow cut a body at {@code max-post-size},
 *       500 with an incident id;</li>
 *   <li>a browser gets a short HTML page: 403 "not allowed" ({@code /WEB-INF/errors/403.xhtml}), and for any
 *       failure (500, an exception) an incident id that is also logged with the stack trace at SEVERE
 *       ({@link Incidents}); never the stack trace.</li>
 * </ul>
 * A direct {@code GET /errors/incident?id=...} shows the incident page for an id the Faces exception handler
 * ({@link IncidentExceptionHandlerFactory}) already logged (it redirects AJAX requests there).
 */
@WebServlet("/errors/*")
public class ErrorPages extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        Throwable failure = (Throwable) req.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String uri = (String) req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        boolean direct = code == null && failure == null;
        if (direct) {
            uri = req.getRequestURI();
        }
        String incident = null;
        if (direct) {
            String id = req.getParameter("id");
            incident = Incidents.isId(id) ? id : null;
            status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        } else if (status >= 500 || failure != null) {
            Object known = req.getAttribute(Incidents.ATTRIBUTE);
            incident = known instanceof String s ? s : Incidents.record(uri, failure != null ? failure
                    : new IllegalStateException("HTTP " + status + " " + req.getAttribute(RequestDispatcher.ERROR_MESSAGE)));
            if (status < 400) {
                status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
            }
        }
        if (failure != null && BodyLimits.isTooLarge(failure)) {
            status = HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE;
        }
        if (resp.isCommitted()) {
            return;
        }
        resp.resetBuffer();
        resp.setStatus(status);
        String api = req.getContextPath() + "/api/";
        if ((uri != null && uri.startsWith(api)) || !acceptsHtml(req)) {
            problem(resp, status, incident);
        } else if (status == HttpServletResponse.SC_FORBIDDEN) {
            req.getRequestDispatcher("/WEB-INF/errors/403.xhtml").forward(req, resp);
        } else {
            page(req, resp, status, incident);
        }
    }

    static boolean acceptsHtml(HttpServletRequest req) {
        String accept = req.getHeader("Accept");
        return accept != null && (accept.contains("text/html") || accept.contains("application/xhtml+xml"));
    }

    /** The problem document of an error status. */
    static String problemJson(int status, String incident) {
        String title = reason(status);
        String detail = switch (status) {
            case 401 -> "authentication required: send an OIDC bearer token of the trainex realm (Authorization: Bearer ...)";
            case 403 -> "your roles do not allow this request";
            case 404 -> "no such resource";
            case 405 -> "method not allowed here";
            case 413 -> "request body larger than the server's limit";
            default -> status >= 500 ? "internal error" + (incident == null ? "" : ", incident " + incident)
                    + "; the server log has the details" : title;
        };
        return "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                + detail + "\"" + (incident == null ? "" : ",\"incident\":\"" + incident + "\"") + "}";
    }

    private static void problem(HttpServletResponse resp, int status, String incident) throws IOException {
        byte[] body = problemJson(status, incident).getBytes(StandardCharsets.UTF_8);
        resp.setContentType(ProblemDetails.MEDIA_TYPE);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    private static void page(HttpServletRequest req, HttpServletResponse resp, int status, String incident)
            throws IOException {
        resp.setContentType("text/html;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        String home = req.getContextPath() + "/";
        try (PrintWriter w = resp.getWriter()) {
            w.println("<!DOCTYPE html><html><head><meta charset=\"utf-8\"/><title>Trainex · Something went wrong</title>");
            w.println("<link rel=\"stylesheet\" href=\"" + req.getContextPath()
                    + "/jakarta.faces.resource/css/trainex.css.xhtml\"/></head><body><main class=\"tx-main\">");
            if (incident != null) {
                w.println("<h1>Something went wrong</h1>");
                w.println("<p>The exchange could not complete this request. Please try again in a moment.</p>");
                w.println("<p>Incident id: <code id=\"incident\">" + incident + "</code>. If it happens again, give "
                        + "this id to the operators: the server log has the details under it.</p>");
            } else {
                w.println("<h1>" + reason(status) + "</h1><p>HTTP " + status + ".</p>");
            }
            w.println("<p><a href=\"" + home + "\">Back to the overview</a></p></main></body></html>");
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Request Entity Too Large";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
