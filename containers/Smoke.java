import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The smoke test of the container matrix: drives a deployed pinoauth over HTTP the way a client, a
 * browser and an operator would, then reads the container's logs. Single-file program (Java 17, no
 * dependencies): {@code java Smoke.java --base http://127.0.0.1:PORT --logs DIR --store-line
 * "Store: container DataSource java:comp/env/jdbc/pinoauth" --access-log DIR}; for the embedded
 * store, {@code --store-file DIR/pinoauth.db} names the store file that must be there; {@code
 * --jsonb-from war} or {@code server} says whose JSON-B pinoauth must run on.
 *
 * <p>Needs the bootstrap app of {@code src/dev/bootstrap.json} (1234567 / dev-secret) and a realm
 * with admin/admin (pinoauth-admin) and pinner/pinner (pinoauth-user). Sends from 127.0.0.2 too
 * (loopback on Linux) to check that lockouts are per address. Prints one line per check and exits
 * 0 when every check passed, 1 otherwise.
 */
public class Smoke {
  static final String CLIENT_ID = "1234567";
  static final String CLIENT_SECRET = "dev-secret";
  static final String REDIRECT_URI = "http://localhost:8085/";

  static String base;
  static final List<Path> logDirs = new ArrayList<>();
  static final List<String> storeLines = new ArrayList<>();
  static Path accessLogDir;
  static Path storeFile;
  static String jsonbFrom;
  static int failures;

  /** Every secret, token and code the smoke test used or received: none may reach a log. */
  static final List<String> secrets = new ArrayList<>(List.of(CLIENT_SECRET));

  /** The x-pinterest-rid of the client_credentials request, whose access line must be logged. */
  static String clientCredentialsRid;

  /** The browser of the sign-in flow (a cookie jar) and, without cookies, apps and operators. */
  static HttpClient browser;

  static HttpClient http;

  public static void main(String[] args) throws Exception {
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--base" -> base = args[++i].replaceAll("/+$", "");
        case "--logs" -> logDirs.add(Path.of(args[++i]));
        case "--store-line" -> storeLines.add(args[++i]);
        case "--access-log" -> accessLogDir = Path.of(args[++i]);
        case "--store-file" -> storeFile = Path.of(args[++i]);
        case "--jsonb-from" -> jsonbFrom = args[++i];
        default -> {
          System.err.println(
              "usage: java Smoke.java --base URL [--logs DIR]... [--store-line TEXT]"
                  + " [--access-log DIR] [--store-file FILE] [--jsonb-from war|server]");
          System.exit(2);
        }
      }
    }
    if (base == null) {
      System.err.println("--base is required");
      System.exit(2);
    }
    browser =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    try {
      run();
    } catch (Throwable e) {
      fail("smoke test stopped: " + e);
      e.printStackTrace(System.out);
    }
    System.out.println(
        failures == 0 ? "smoke: all checks passed" : "smoke: " + failures + " check(s) failed");
    System.exit(failures == 0 ? 0 : 1);
  }

  static void run() throws Exception {
    // Health and server metadata: every endpoint the metadata names answers (not 404).
    HttpResponse<String> health = get("/healthz", null);
    check(
        health.statusCode() == 200 && health.body().contains("UP"),
        "GET /healthz is 200 UP",
        health);

    HttpResponse<String> meta = get("/.well-known/oauth-authorization-server", null);
    check(meta.statusCode() == 200, "GET /.well-known/oauth-authorization-server is 200", meta);
    Map<String, Object> metadata = Json.object(meta.body());
    check(base.equals(metadata.get("issuer")), "metadata issuer is " + base, meta);
    int endpoints = 0;
    for (Map.Entry<String, Object> e : metadata.entrySet()) {
      if (e.getKey().endsWith("_endpoint") && e.getValue() instanceof String url) {
        endpoints++;
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).GET());
        check(
            url.startsWith(base + "/") && r.statusCode() != 404 && r.statusCode() < 500,
            e.getKey() + " " + url + " answers (" + r.statusCode() + ")",
            r);
      }
    }
    check(endpoints >= 4, "metadata names " + endpoints + " endpoints", meta);

    // client_credentials
    HttpResponse<String> cc =
        token(form("grant_type", "client_credentials", "scope", "boards:read,pins:read"));
    Map<String, Object> ccBody = jsonOrEmpty(cc);
    check(
        cc.statusCode() == 200
            && str(ccBody, "access_token").startsWith("pina_")
            && "client_credentials".equals(ccBody.get("response_type")),
        "client_credentials is 200 with a pina_ token",
        cc);
    check(
        "no-store".equals(cc.headers().firstValue("Cache-Control").orElse("")),
        "token response has Cache-Control: no-store",
        cc);
    check(
        cc.headers().firstValue("x-pinterest-rid").isPresent(),
        "token response has x-pinterest-rid",
        cc);
    clientCredentialsRid = cc.headers().firstValue("x-pinterest-rid").orElse("none");
    keep(str(ccBody, "access_token"));

    // Authorization code through the sign-in and consent forms.
    String authorize =
        "/oauth/?client_id="
            + CLIENT_ID
            + "&redirect_uri="
            + enc(REDIRECT_URI)
            + "&response_type=code&scope=user_accounts:read,pins:read&state=xyz";
    HttpResponse<String> signInPage = browse(get(authorize));
    check(
        signInPage.statusCode() == 200 && signInPage.body().contains("name=\"password\""),
        "GET /oauth/ shows the sign-in form",
        signInPage);
    check(
        "DENY".equalsIgnoreCase(signInPage.headers().firstValue("X-Frame-Options").orElse("")),
        "sign-in page has X-Frame-Options: DENY",
        signInPage);
    // No session before sign-in: the form's CSRF token is bound to a cookie of its own.
    String firstCookie = sessionCookie(signInPage);
    check(
        firstCookie == null,
        "sign-in page starts no session (Set-Cookie " + firstCookie + ")",
        signInPage);
    String signInCookie = cookie(signInPage, "pinoauth_signin");
    check(signInCookie != null, "sign-in page sets the pinoauth_signin cookie", signInPage);
    signInCookieAttributes(signInCookie, signInPage);

    Map<String, String> signIn = hiddenFields(signInPage.body());
    check(
        signIn.containsKey("csrf") && "sign_in".equals(signIn.get("action")),
        "sign-in form has csrf and action=sign_in",
        signInPage);
    signIn.put("username", "pinner");
    signIn.put("password", "not-pinners-password");
    HttpResponse<String> failed = browse(post(formAction(signInPage.body()), form(signIn)));
    check(
        failed.statusCode() == 200 && failed.body().contains("name=\"password\""),
        "a wrong password shows the sign-in form again",
        failed);
    check(
        sessionCookie(failed) == null,
        "a failed sign-in starts no session (Set-Cookie " + sessionCookie(failed) + ")",
        failed);
    signIn.put("password", "pinner");
    HttpResponse<String> signedIn = browse(post(formAction(signInPage.body()), form(signIn)));
    String consentUrl = signedIn.headers().firstValue("Location").orElse("");
    check(
        signedIn.statusCode() == 303 && consentUrl.contains("/oauth/?"),
        "sign-in as pinner answers 303 to /oauth/",
        signedIn);
    String secondCookie = sessionCookie(signedIn);
    check(
        secondCookie != null,
        "sign-in starts a session (Set-Cookie " + secondCookie + ")",
        signedIn);
    cookieAttributes(secondCookie, "session cookie after sign-in", signedIn);
    String cleared = cookie(signedIn, "pinoauth_signin");
    check(
        cleared != null
            && cleared.startsWith("pinoauth_signin=;")
            && (cleared.toLowerCase().contains("max-age=0") || cleared.contains("1970")),
        "sign-in clears the pinoauth_signin cookie (" + cleared + ")",
        signedIn);

    HttpResponse<String> consentPage = browse(get(resolve(consentUrl)));
    check(
        consentPage.statusCode() == 200
            && consentPage.body().contains("value=\"allow\"")
            && consentPage.body().contains("pinner"),
        "consent page shows Allow for pinner",
        consentPage);
    Map<String, String> consent = hiddenFields(consentPage.body());
    check(
        consent.containsKey("csrf") && !consent.get("csrf").equals(signIn.get("csrf")),
        "consent form carries a new csrf token",
        consentPage);
    consent.put("action", "allow");
    HttpResponse<String> allowed = browse(post(formAction(consentPage.body()), form(consent)));
    String location = allowed.headers().firstValue("Location").orElse("");
    Map<String, String> redirect = query(location);
    keep(redirect.get("code"));
    check(
        allowed.statusCode() == 302
            && location.startsWith(REDIRECT_URI + "?")
            && redirect.containsKey("code")
            && "xyz".equals(redirect.get("state")),
        "Allow answers 302 to the app with a code and state=xyz",
        allowed);

    HttpResponse<String> exchanged =
        token(
            form(
                "grant_type",
                "authorization_code",
                "code",
                redirect.getOrDefault("code", "none"),
                "redirect_uri",
                REDIRECT_URI));
    Map<String, Object> tokens = jsonOrEmpty(exchanged);
    keep(str(tokens, "access_token"));
    keep(str(tokens, "refresh_token"));
    check(
        exchanged.statusCode() == 200
            && str(tokens, "access_token").startsWith("pina_")
            && str(tokens, "refresh_token").startsWith("pinr_")
            && str(tokens, "scope").contains("user_accounts:read")
            && "authorization_code".equals(tokens.get("response_type")),
        "code exchange is 200 with pina_ and pinr_ tokens",
        exchanged);

    // Refresh (continuous: rotates).
    HttpResponse<String> refreshed =
        token(form("grant_type", "refresh_token", "refresh_token", str(tokens, "refresh_token")));
    Map<String, Object> fresh = jsonOrEmpty(refreshed);
    keep(str(fresh, "access_token"));
    keep(str(fresh, "refresh_token"));
    check(
        refreshed.statusCode() == 200
            && str(fresh, "access_token").startsWith("pina_")
            && str(fresh, "refresh_token").startsWith("pinr_")
            && !str(fresh, "refresh_token").equals(str(tokens, "refresh_token"))
            && "everlasting_refresh".equals(fresh.get("response_type")),
        "refresh is 200 with a rotated refresh token",
        refreshed);
    String access = str(fresh, "access_token");
    String refresh = str(fresh, "refresh_token");

    HttpResponse<String> account = get("/v5/user_account", "Bearer " + access);
    check(
        account.statusCode() == 200 && "pinner".equals(jsonOrEmpty(account).get("username")),
        "GET /v5/user_account is 200 for pinner",
        account);

    HttpResponse<String> active = clientPost("/v5/oauth/introspect", form("token", access));
    Map<String, Object> activeBody = jsonOrEmpty(active);
    check(
        active.statusCode() == 200
            && Boolean.TRUE.equals(activeBody.get("active"))
            && "pinner".equals(activeBody.get("username"))
            && "user".equals(activeBody.get("token_use")),
        "introspect: the access token is active for pinner, token_use user",
        active);

    HttpResponse<String> revoked =
        clientPost(
            "/v5/oauth/token/revoke", form("token", refresh, "token_type_hint", "refresh_token"));
    check(
        revoked.statusCode() == 200 && revoked.body().isEmpty(),
        "revoke the refresh token is 200, empty",
        revoked);

    HttpResponse<String> inactive = clientPost("/v5/oauth/introspect", form("token", access));
    check(
        inactive.statusCode() == 200 && Boolean.FALSE.equals(jsonOrEmpty(inactive).get("active")),
        "introspect after revoke: {\"active\":false}",
        inactive);
    HttpResponse<String> gone = get("/v5/user_account", "Bearer " + access);
    check(gone.statusCode() == 401, "GET /v5/user_account with the revoked token is 401", gone);

    // The admin API behind the realm.
    HttpResponse<String> apps = get("/admin/apps", basic("admin", "admin"));
    check(
        apps.statusCode() == 200 && apps.body().contains("\"" + CLIENT_ID + "\""),
        "GET /admin/apps as admin is 200 and lists " + CLIENT_ID,
        apps);
    // Creating an app reads JSON (JSON-B) on every container, Payara's own JSON-B included.
    HttpResponse<String> created =
        send(
            HttpRequest.newBuilder(URI.create(base + "/admin/apps"))
                .header("Authorization", basic("admin", "admin"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\": \"Smoke app\", \"redirect_uris\":"
                            + " [\"https://smoke.example/cb\"], \"scopes\": [\"pins:read\"],"
                            + " \"grant_types\": [\"client_credentials\"], \"owner\":"
                            + " \"pinner\"}")));
    Map<String, Object> createdBody = jsonOrEmpty(created);
    keep(str(createdBody, "client_secret"));
    check(
        created.statusCode() == 201
            && str(createdBody, "client_id").matches("\\d+")
            && !str(createdBody, "client_secret").isEmpty()
            && "Smoke app".equals(createdBody.get("name")),
        "POST /admin/apps as admin is 201 with client_id and client_secret",
        created);
    adminFromAnotherSite(str(createdBody, "client_id"), str(createdBody, "client_secret"));
    // Refusals are pinoauth's own (AdminAuthFilter), the same JSON on every container.
    HttpResponse<String> anonymous = get("/admin/apps", null);
    adminRefusal(anonymous, 401, 2, "GET /admin/apps without credentials");
    List<String> challenges = anonymous.headers().allValues("WWW-Authenticate");
    check(
        challenges.equals(List.of("Basic realm=\"pinoauth\"")),
        "GET /admin/apps without credentials has WWW-Authenticate: Basic realm=\"pinoauth\" "
            + challenges,
        anonymous);
    HttpResponse<String> wrong = get("/admin/apps", basic("admin", "not-the-password"));
    adminRefusal(wrong, 401, 2, "GET /admin/apps with a wrong password");
    HttpResponse<String> malformed = get("/admin/apps", "Basic !!!");
    adminRefusal(malformed, 401, 2, "GET /admin/apps with a malformed Basic header");
    HttpResponse<String> user = get("/admin/apps", basic("pinner", "pinner"));
    adminRefusal(user, 403, 29, "GET /admin/apps as pinner (no pinoauth-admin)");

    // pinoauth logs the container's own login out after the /oauth/ sign-in, so the browser's
    // session cookie alone must not authenticate anything the realm guards, while that session is
    // still signed in to pinoauth.
    HttpResponse<String> again = browse(get(authorize));
    check(
        again.statusCode() == 200 && again.body().contains("value=\"allow\""),
        "the browser's session is still signed in at /oauth/ (consent page, no sign-in form)",
        again);
    HttpResponse<String> session = browse(get("/admin/apps"));
    adminRefusal(session, 401, 2, "GET /admin/apps with only pinner's /oauth/ session cookie");

    secureCookiesBehindProxy();
    signOut(authorize);
    strangersCannotLockAccountsOut();
    metrics();
    openApi();
    noDirectoryListings();
    accessLog();
    logs();
    noSecretsInLogs();
    storeFile();
  }

  // ---- lockouts: per (account, address), never per account (CONTRACT §2.6, issue 12 §1)

  /** Where the stranger guesses from; the owners of the accounts use 127.0.0.1. */
  static final String STRANGER = "127.0.0.2";

  static final String OWNER = "127.0.0.1";

  /** Guesses sent at most before a lockout must have answered (the defaults lock at 10 and 5). */
  static final int MAX_GUESSES = 30;

  /**
   * A stranger at 127.0.0.2 guesses past the limit at the token endpoint (the demo app's client
   * id), the /oauth/ sign-in (pinner) and the admin API (admin); the owners' correct credentials
   * from 127.0.0.1 still work, and 127.0.0.2 itself is refused, correct credentials or not. A
   * container's own lock on usernames (Tomcat's stock LockOutRealm) fails the owners' checks.
   * Runs after the flow above so that a lock it leaves cannot hide a failure there.
   */
  static void strangersCannotLockAccountsOut() throws IOException {
    String tokenBody = form("grant_type", "client_credentials", "scope", "pins:read");
    guessUntilLocked(
        "token endpoint, client " + CLIENT_ID,
        401,
        i -> clientPostFrom(STRANGER, basic(CLIENT_ID, "wrong-" + i), tokenBody));
    Raw owner = clientPostFrom(OWNER, basic(CLIENT_ID, CLIENT_SECRET), tokenBody);
    checkRaw(
        owner.status() == 200 && owner.body().contains("\"access_token\""),
        "token endpoint: the right secret from " + OWNER + " is 200 after a stranger's guesses",
        owner);
    keep(str(jsonOrEmpty(owner.body()), "access_token"));
    Raw stranger = clientPostFrom(STRANGER, basic(CLIENT_ID, CLIENT_SECRET), tokenBody);
    checkSlowDown(stranger, "token endpoint: the right secret from " + STRANGER);

    guessUntilLocked(
        "/oauth/ sign-in as pinner", 200, i -> signInFrom(STRANGER, "pinner", "wrong-" + i));
    Raw signedIn = signInFrom(OWNER, "pinner", "pinner");
    checkRaw(
        signedIn.status() == 303 && signedIn.header("location").contains("/oauth/?"),
        "/oauth/ sign-in as pinner from " + OWNER + " is 303 after a stranger's guesses",
        signedIn);
    Raw refused = signInFrom(STRANGER, "pinner", "pinner");
    checkRaw(
        refused.status() == 429
            && refused.body().contains("Too many failed sign-ins")
            && refused.body().contains("name=\"password\"")
            && !refused.header("retry-after").isEmpty(),
        "/oauth/ sign-in as pinner from " + STRANGER + " is 429 with the form and Retry-After",
        refused);

    guessUntilLocked(
        "admin API as admin", 401, i -> adminFrom(STRANGER, basic("admin", "wrong-" + i)));
    Raw operator = adminFrom(OWNER, basic("admin", "admin"));
    checkRaw(
        operator.status() == 200 && operator.body().contains("\"" + CLIENT_ID + "\""),
        "GET /admin/apps as admin from " + OWNER + " is 200 after a stranger's guesses",
        operator);
    checkSlowDown(
        adminFrom(STRANGER, basic("admin", "admin")), "GET /admin/apps as admin from " + STRANGER);
  }

  interface Guess {
    Raw send(int attempt) throws IOException;
  }

  /** Sends wrong guesses until one is refused with 429: the first must get {@code failed}. */
  static void guessUntilLocked(String what, int failed, Guess guess) throws IOException {
    int failures = 0;
    Raw last = null;
    for (int i = 0; i < MAX_GUESSES; i++) {
      last = guess.send(i);
      if (last.status() != failed) {
        break;
      }
      failures++;
    }
    checkRaw(
        failures > 0 && last.status() == 429,
        what + ": wrong guesses from " + STRANGER + " get " + failed + ", then 429 (after "
            + failures + ")",
        last);
  }

  static void checkSlowDown(Raw r, String what) {
    Map<String, Object> body = jsonOrEmpty(r.body());
    checkRaw(
        r.status() == 429
            && "slow_down".equals(body.get("error"))
            && body.get("code") instanceof Double c
            && c == 8
            && !r.header("retry-after").isEmpty(),
        what + " is 429 slow_down (code 8) with Retry-After",
        r);
  }

  /** A client-authenticated POST to the token endpoint from {@code from}. */
  static Raw clientPostFrom(String from, String authorization, String body) throws IOException {
    return rawFrom(
        from,
        "POST",
        "/v5/oauth/token",
        List.of(
            "Authorization: " + authorization,
            "Content-Type: application/x-www-form-urlencoded"),
        body);
  }

  static Raw adminFrom(String from, String authorization) throws IOException {
    return rawFrom(from, "GET", "/admin/apps", List.of("Authorization: " + authorization), null);
  }

  /** One sign-in as a browser at {@code from} makes it: the form, then the form posted back. */
  static Raw signInFrom(String from, String username, String password) throws IOException {
    String authorize =
        "/oauth/?client_id="
            + CLIENT_ID
            + "&redirect_uri="
            + enc(REDIRECT_URI)
            + "&response_type=code&scope=pins:read&state=lockouts";
    Raw page = rawFrom(from, "GET", authorize, List.of(), null);
    String cookie = "";
    for (String c : page.headers().getOrDefault("set-cookie", List.of())) {
      if (c.startsWith("pinoauth_signin=")) {
        cookie = c.split(";", 2)[0];
      }
    }
    Map<String, String> fields = hiddenFields(page.body());
    fields.put("username", username);
    fields.put("password", password);
    URI action = URI.create(formAction(page.body()));
    return rawFrom(
        from,
        "POST",
        action.getRawPath() + (action.getRawQuery() == null ? "" : "?" + action.getRawQuery()),
        List.of("Cookie: " + cookie, "Content-Type: application/x-www-form-urlencoded"),
        form(fields));
  }

  /** A raw answer: status, headers by lower-case name, body. */
  record Raw(int status, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> values = headers.getOrDefault(name, List.of());
      return values.isEmpty() ? "" : values.get(0);
    }
  }

  /**
   * One HTTP/1.1 request over a socket bound to {@code from} (every 127.x.y.z is loopback on
   * Linux), which java.net.http.HttpClient cannot do before JDK 19.
   */
  static Raw rawFrom(String from, String method, String path, List<String> headers, String body)
      throws IOException {
    URI target = URI.create(base);
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder request = new StringBuilder();
    request.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    request.append("Host: ").append(target.getHost()).append(':').append(target.getPort());
    request.append("\r\n");
    headers.forEach(h -> request.append(h).append("\r\n"));
    if (body != null) {
      request.append("Content-Length: ").append(content.length).append("\r\n");
    }
    request.append("Connection: close\r\n\r\n");
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      socket.connect(
          new InetSocketAddress(InetAddress.getByName(target.getHost()), target.getPort()),
          10_000);
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().write(content);
      socket.getOutputStream().flush();
      socket.getInputStream().transferTo(answer);
    }
    String raw = answer.toString(StandardCharsets.ISO_8859_1);
    int end = raw.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IOException("no complete answer from " + method + " " + path + ": " + raw);
    }
    String[] lines = raw.substring(0, end).split("\r\n");
    Map<String, List<String>> headerMap = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      String name = lines[i].substring(0, colon).strip().toLowerCase();
      String value = lines[i].substring(colon + 1).strip();
      headerMap.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    String rest = raw.substring(end + 4);
    if (headerMap.getOrDefault("transfer-encoding", List.of()).stream()
        .anyMatch(v -> v.equalsIgnoreCase("chunked"))) {
      rest = dechunk(rest);
    }
    return new Raw(
        Integer.parseInt(lines[0].split(" ", 3)[1]),
        headerMap,
        new String(rest.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
  }

  static String dechunk(String chunked) {
    StringBuilder body = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";", 2)[0].strip(), 16);
      if (size == 0) {
        return body.toString();
      }
      body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }

  static void checkRaw(boolean ok, String what, Raw r) {
    check(ok, what, null);
    if (!ok && r != null) {
      String body = r.body().length() > 600 ? r.body().substring(0, 600) + "…" : r.body();
      System.out.println("       got " + r.status() + " headers=" + r.headers());
      System.out.println("       body: " + body);
    }
  }

  /**
   * Behind a TLS-terminating proxy the container trusts, a request the proxy marks {@code
   * X-Forwarded-Proto: https} is secure ({@code isSecure()}), so the sign-in cookie and, after
   * sign-in, the session cookie carry {@code Secure}; over plain http neither does. containers/run
   * has each container trust the proxy at 127.0.0.1 (Tomcat: RemoteIpValve; Jetty: the forwarded
   * module; Payara: the HTTP listener's scheme-mapping), as docs/reverse-proxy.md tells operators.
   */
  static void secureCookiesBehindProxy() throws IOException, InterruptedException {
    String authorize =
        "/oauth/?client_id="
            + CLIENT_ID
            + "&redirect_uri="
            + enc(REDIRECT_URI)
            + "&response_type=code&scope=pins:read&state=proxied";
    for (boolean https : new boolean[] {true, false}) {
      String how = https ? "with X-Forwarded-Proto: https" : "over plain http";
      HttpRequest.Builder showForm = get(authorize);
      if (https) {
        showForm.header("X-Forwarded-Proto", "https");
      }
      HttpResponse<String> page = send(showForm);
      String signInCookie = cookie(page, "pinoauth_signin");
      check(
          page.statusCode() == 200 && signInCookie != null && isSecure(signInCookie) == https,
          "pinoauth_signin "
              + how
              + " is "
              + (https ? "" : "not ")
              + "Secure ("
              + signInCookie
              + ")",
          page);
      if (signInCookie == null) {
        continue;
      }
      Map<String, String> fields = hiddenFields(page.body());
      fields.put("username", "pinner");
      fields.put("password", "pinner");
      HttpRequest.Builder signIn =
          post("/oauth/", form(fields))
              .header("Cookie", signInCookie.substring(0, signInCookie.indexOf(';')));
      if (https) {
        signIn.header("X-Forwarded-Proto", "https");
      }
      HttpResponse<String> signedIn = send(signIn);
      String session = sessionCookie(signedIn);
      check(
          signedIn.statusCode() == 303 && session != null && isSecure(session) == https,
          "the session cookie after sign-in "
              + how
              + " is "
              + (https ? "" : "not ")
              + "Secure ("
              + session
              + ")",
          signedIn);
    }
  }

  /**
   * "Not you? Switch account": the browser's consent page posts action=sign_out with the session's
   * CSRF token; the session ends (303 back to the same request, which shows the sign-in form).
   */
  static void signOut(String authorize) throws IOException, InterruptedException {
    HttpResponse<String> consentPage = browse(get(authorize));
    check(
        consentPage.body().contains("value=\"sign_out\"")
            && consentPage.body().contains("Switch account"),
        "the consent page offers \"Switch account\"",
        consentPage);
    Map<String, String> fields = hiddenFields(consentPage.body());
    fields.put("action", "sign_out");
    HttpResponse<String> signedOut = browse(post(formAction(consentPage.body()), form(fields)));
    String location = signedOut.headers().firstValue("Location").orElse("");
    check(
        signedOut.statusCode() == 303 && location.contains("/oauth/?") && location.contains("xyz"),
        "sign-out answers 303 to the same /oauth/ request",
        signedOut);
    HttpResponse<String> after = browse(get(resolve(location)));
    check(
        after.statusCode() == 200 && after.body().contains("name=\"password\""),
        "after sign-out the request shows the sign-in form (the session ended)",
        after);
  }

  /** Whether a Set-Cookie value has the attribute Secure. */
  static boolean isSecure(String setCookie) {
    return Stream.of(setCookie.split(";"))
        .skip(1)
        .anyMatch(attribute -> attribute.strip().equalsIgnoreCase("secure"));
  }

  /** Notes a secret, token or code this run received, for {@link #noSecretsInLogs}. */
  static void keep(String value) {
    if (value != null && !value.isEmpty()) {
      secrets.add(value);
    }
  }

  /**
   * pinoauth's own /metrics, with the client_credentials token above counted and the latency
   * histogram, and no server's own metrics beside it (Payara Micro's MicroProfile Metrics answers
   * /metrics/ unless turned off).
   */
  static void metrics() throws IOException, InterruptedException {
    HttpResponse<String> r = get("/metrics", null);
    Matcher issued =
        Pattern.compile(
                "(?m)^pinoauth_tokens_issued_total\\{grant=\"client_credentials\"[^}]*} (\\S+)$")
            .matcher(r.body());
    double count = issued.find() ? Double.parseDouble(issued.group(1)) : 0;
    check(
        r.statusCode() == 200
            && r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain")
            && count >= 1,
        "GET /metrics is 200 Prometheus text with"
            + " pinoauth_tokens_issued_total{grant=\"client_credentials\"} "
            + count,
        r);
    check(
        r.body().contains("\npinoauth_requests_seconds_bucket{"),
        "GET /metrics has the pinoauth_requests_seconds histogram",
        r);
    // A server's own metrics under /metrics/ would make the scrape path a trap: one slash more
    // and a Prometheus job reads other meters.
    HttpResponse<String> below = get("/metrics/", null);
    check(
        below.statusCode() != 200,
        "GET /metrics/ is no other metrics endpoint (" + below.statusCode() + ")",
        below);
  }

  /**
   * No folder of the WAR is listed, on any container: GET and HEAD of {@code /} and {@code
   * /static/} answer pinoauth's JSON 404 (403 would do), never a listing of the files. {@code
   * /static}, without its slash, may be redirected to {@code /static/} by the container (Payara's
   * does it before the WAR runs), which answers the same. Jetty lists folders unless told not to.
   */
  static void noDirectoryListings() throws IOException, InterruptedException {
    for (String path : List.of("/", "/static/", "/static")) {
      HttpResponse<String> r = get(path, null);
      String location = r.headers().firstValue("Location").orElse("");
      boolean toFolder = r.statusCode() / 100 == 3 && location.endsWith(path + "/");
      check(
          toFolder || isJsonRefusal(r),
          "GET "
              + path
              + (toFolder ? " is a " : " is pinoauth's JSON ")
              + r.statusCode()
              + ", no listing",
          r);
      if (toFolder) {
        HttpResponse<String> folder = get(resolve(location), null);
        check(
            isJsonRefusal(folder),
            "GET " + path + " redirects to " + location + ": JSON " + folder.statusCode(),
            folder);
      }
      HttpResponse<String> head =
          send(get(path).method("HEAD", HttpRequest.BodyPublishers.noBody()));
      check(
          head.statusCode() == 404
              || head.statusCode() == 403
              || (toFolder && head.statusCode() / 100 == 3),
          "HEAD " + path + " is " + head.statusCode() + ", no listing",
          head);
    }
  }

  /** pinoauth's JSON 404 or 403, with nothing of a folder listing in it. */
  static boolean isJsonRefusal(HttpResponse<String> r) {
    return (r.statusCode() == 404 || r.statusCode() == 403)
        && r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
        && jsonOrEmpty(r).get("code") instanceof Number
        && !r.body().contains("pinoauth.css")
        && !r.body().contains("profile.svg");
  }

  static void openApi() throws IOException, InterruptedException {
    HttpResponse<String> r = get("/v5/openapi.yaml", null);
    check(
        r.statusCode() == 200 && r.body().startsWith("openapi: 3"),
        "GET /v5/openapi.yaml is 200 with openapi: 3",
        r);
  }

  /**
   * No log or access log file holds the client secret, or any token, code or secret this run
   * received (nor its last 12 characters, as a shortened form in a message would).
   */
  static void noSecretsInLogs() throws IOException {
    List<Path> dirs = new ArrayList<>(logDirs);
    if (accessLogDir != null) {
      dirs.add(accessLogDir);
    }
    List<String> leaks = new ArrayList<>();
    int files = 0;
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path f : walk.filter(Files::isRegularFile).toList()) {
          files++;
          String text = Files.readString(f, StandardCharsets.ISO_8859_1);
          for (String secret : secrets) {
            String tail = secret.length() > 12 ? secret.substring(secret.length() - 12) : secret;
            if (text.contains(tail)) {
              leaks.add(
                  f
                      + " holds a value ending "
                      + (tail.length() > 4 ? "…" + tail.substring(tail.length() - 4) : "(short)"));
            }
          }
        }
      }
    }
    check(
        leaks.isEmpty() && secrets.size() >= 8,
        "no log or access log file ("
            + files
            + ") holds dev-secret or any of the "
            + (secrets.size() - 1)
            + " tokens, codes and secrets received"
            + (leaks.isEmpty() ? "" : ": " + leaks),
        null);
  }

  /**
   * The embedded store's H2 file, in the data.dir the container was given. With the log's "Store:
   * embedded H2 at …" line, it shows that the flow above (codes, refresh tokens, revocation) went
   * through pinoauth's own pool and that file.
   */
  static void storeFile() throws IOException {
    if (storeFile == null) {
      return;
    }
    long size = Files.isRegularFile(storeFile) ? Files.size(storeFile) : -1;
    check(size > 0, "store file " + storeFile + " is there (" + size + " bytes)", null);
    storePermissions();
  }

  /**
   * The embedded store's folder, which pinoauth created, is 0700 and its file 0600: with no
   * token.key set, the file holds the key that seals access tokens.
   */
  static void storePermissions() throws IOException {
    if (!storeFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    Path folder = storeFile.getParent();
    String folderMode = PosixFilePermissions.toString(Files.getPosixFilePermissions(folder));
    String fileMode = PosixFilePermissions.toString(Files.getPosixFilePermissions(storeFile));
    check(
        folderMode.equals("rwx------") && fileMode.equals("rw-------"),
        "store folder is " + folderMode + " (rwx------), its file " + fileMode + " (rw-------)",
        null);
  }

  /**
   * The admin API takes no change from another site's page and none without Content-Type:
   * application/json, body-less ones included; the smoke app (client_credentials, owner pinner)
   * keeps its secret through both refusals, then rotates. Its app token says token_use app.
   */
  static void adminFromAnotherSite(String clientId, String secret)
      throws IOException, InterruptedException {
    String rotate = base + "/admin/apps/" + clientId + "/secret";
    HttpResponse<String> evil =
        send(
            HttpRequest.newBuilder(URI.create(rotate))
                .header("Authorization", basic("admin", "admin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("x=1")));
    adminRefusal(evil, 403, 29, "POST …/secret as a form from Origin https://evil.example");
    HttpResponse<String> bare =
        send(
            HttpRequest.newBuilder(URI.create(rotate))
                .header("Authorization", basic("admin", "admin"))
                .POST(HttpRequest.BodyPublishers.noBody()));
    adminRefusal(bare, 415, 1, "POST …/secret without Content-Type");
    String clientCredentials = form("grant_type", "client_credentials", "scope", "pins:read");
    HttpResponse<String> old = post("/v5/oauth/token", clientCredentials, basic(clientId, secret));
    check(old.statusCode() == 200, "the smoke app's secret still works after both refusals", old);
    String appToken = str(jsonOrEmpty(old), "access_token");
    keep(appToken);
    HttpResponse<String> introspected =
        post("/v5/oauth/introspect", form("token", appToken), basic(clientId, secret));
    Map<String, Object> claims = jsonOrEmpty(introspected);
    check(
        "app".equals(claims.get("token_use")) && "pinner".equals(claims.get("sub")),
        "introspect: the app token has token_use app and sub pinner (its owner)",
        introspected);
    HttpResponse<String> rotated =
        send(
            HttpRequest.newBuilder(URI.create(rotate))
                .header("Authorization", basic("admin", "admin"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()));
    keep(str(jsonOrEmpty(rotated), "client_secret"));
    HttpResponse<String> dead = post("/v5/oauth/token", clientCredentials, basic(clientId, secret));
    check(
        rotated.statusCode() == 200 && dead.statusCode() == 401,
        "POST …/secret with Content-Type: application/json and no body rotates (old secret: 401)",
        rotated.statusCode() == 200 ? dead : rotated);
  }

  /** An admin API refusal: the status, and pinoauth's JSON error with its request id. */
  static void adminRefusal(HttpResponse<String> r, int status, int code, String what) {
    Map<String, Object> body = jsonOrEmpty(r);
    check(
        r.statusCode() == status
            && r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
            && !str(body, "error").isEmpty()
            && body.get("code") instanceof Double c
            && c == code
            && r.headers().firstValue("x-pinterest-rid").isPresent(),
        what + " is " + status + " JSON (error, code " + code + ", x-pinterest-rid)",
        r);
  }

  /** HttpOnly, and SameSite=Lax exactly once (a container adding its own would repeat it). */
  static void cookieAttributes(String cookie, String what, HttpResponse<String> r) {
    if (cookie == null) {
      return;
    }
    List<String> attributes =
        Stream.of(cookie.split(";")).skip(1).map(a -> a.strip().toLowerCase()).toList();
    check(attributes.contains("httponly"), what + " is HttpOnly", r);
    List<String> sameSite = attributes.stream().filter(a -> a.startsWith("samesite")).toList();
    check(
        sameSite.equals(List.of("samesite=lax")),
        what + " has SameSite=Lax exactly once " + sameSite,
        r);
  }

  /**
   * The container's access log, with the user the container saw as authenticated when the request
   * ended: NCSA's {@code host ident user [time] "request" status bytes} (Tomcat, Jetty) or Payara's
   * {@code "host" "user" "time" "request" status bytes} ({@code NULL-AUTH-USER} for none). A user
   * there means the container kept a login: the /oauth/ sign-in's in the session (the requests
   * after it carry only the session cookie), or an operator's after the admin API answered. The
   * admin API ignores such a login, so this is where it shows.
   */
  static void accessLog() throws IOException, InterruptedException {
    if (accessLogDir == null) {
      return;
    }
    // A last request with the browser's session cookie; containers write their access logs
    // after the answer, some asynchronously, so wait until it is there.
    String marker = "smoke-end-" + System.nanoTime();
    browse(get("/healthz?" + marker));
    Pattern user = Pattern.compile("^(?:\\S+ \\S+ (\\S+) \\[|\"[^\"]*\" \"([^\"]*)\" \")");
    List<String> lines = List.of();
    String last = null;
    for (long deadline = System.nanoTime() + 20_000_000_000L; ; Thread.sleep(250)) {
      lines = new ArrayList<>();
      if (Files.isDirectory(accessLogDir)) {
        try (Stream<Path> walk = Files.walk(accessLogDir)) {
          for (Path f : walk.filter(Files::isRegularFile).toList()) {
            lines.addAll(Files.readAllLines(f, StandardCharsets.ISO_8859_1));
          }
        }
      }
      last = lines.stream().filter(l -> l.contains(marker)).findFirst().orElse(null);
      if (last != null || System.nanoTime() > deadline) {
        break;
      }
    }
    check(
        last != null && user.matcher(last).find(),
        "access log in " + accessLogDir + " has the smoke test's requests, with a user field",
        null);
    List<String> authenticated = new ArrayList<>();
    for (String line : lines) {
      Matcher m = user.matcher(line);
      String name = !m.find() ? "-" : m.group(1) != null ? m.group(1) : m.group(2);
      if (!name.equals("-") && !name.equals("NULL-AUTH-USER")) {
        authenticated.add(line);
      }
    }
    check(
        authenticated.isEmpty(),
        "access log: no request left with a container login ("
            + lines.size()
            + " lines"
            + (authenticated.isEmpty()
                ? ")"
                : "; " + authenticated.size() + " with a user, e.g. " + authenticated.get(0) + ")"),
        null);
  }

  /** The container's logs: pinoauth started on the expected store, and no error from it. */
  static void logs() throws IOException {
    if (logDirs.isEmpty()) {
      return;
    }
    List<Path> files = new ArrayList<>();
    for (Path dir : logDirs) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> walk = Files.walk(dir)) {
          walk.filter(Files::isRegularFile)
              .filter(f -> f.getFileName().toString().matches(".*\\.(log|txt|out)$"))
              .forEach(files::add);
        }
      }
    }
    StringBuilder all = new StringBuilder();
    for (Path f : files) {
      all.append(Files.readString(f, StandardCharsets.ISO_8859_1)).append('\n');
    }
    String text = all.toString().replaceAll("\u001B\\[[;\\d]*m", ""); // Payara colours its log
    check(text.contains("pinoauth is ready"), "log: \"pinoauth is ready\"", null);
    accessLine(files);
    libraries(text);
    for (String line : storeLines) {
      check(text.contains(line), "log: \"" + line + "\"", null);
    }
    List<String> lines = text.lines().toList();
    Pattern level = Pattern.compile("\\b(SEVERE|ERROR)\\b");
    int pinoauthErrors = 0;
    int otherErrors = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (!level.matcher(lines.get(i)).find()) {
        continue;
      }
      // The block: the line before (JUL's SimpleFormatter puts the logger there), the line and
      // the stack trace lines after it.
      StringBuilder block = new StringBuilder();
      if (i > 0) {
        block.append(lines.get(i - 1)).append('\n');
      }
      block.append(lines.get(i)).append('\n');
      int j = i + 1;
      while (j < lines.size() && isTraceLine(lines.get(j))) {
        block.append(lines.get(j)).append('\n');
        j++;
      }
      String head = String.join("\n", block.toString().lines().limit(8).toList());
      if (block.indexOf("org.pinoauth") >= 0) {
        pinoauthErrors++;
        System.out.println("  pinoauth error in the log:\n" + indent(head));
      } else {
        otherErrors++;
        System.out.println("  note, container error in the log (not pinoauth's):\n" + indent(head));
      }
      i = j - 1;
    }
    check(
        pinoauthErrors == 0,
        "log: no SEVERE/ERROR from pinoauth (" + otherErrors + " other)",
        null);
  }

  /**
   * pinoauth's access line of the client_credentials request, found by its x-pinterest-rid. The
   * line is written a moment after the answer, and some containers buffer their log files.
   */
  static void accessLine(List<Path> files) throws IOException {
    Pattern line =
        Pattern.compile(
            "rid="
                + Pattern.quote(clientCredentialsRid)
                + " method=POST path=/v5/oauth/token endpoint=token status=200 app="
                + CLIENT_ID
                + " ms=\\d+");
    boolean found = false;
    for (long deadline = System.nanoTime() + 20_000_000_000L; ; ) {
      for (Path f : files) {
        if (line.matcher(Files.readString(f, StandardCharsets.ISO_8859_1)).find()) {
          found = true;
        }
      }
      if (found || System.nanoTime() > deadline) {
        break;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    check(
        found,
        "log: access line \"rid="
            + clientCredentialsRid
            + " … endpoint=token status=200 app="
            + CLIENT_ID
            + "\"",
        null);
  }

  /**
   * pinoauth's start-up line naming its JSON-B and H2 and where each came from: Yasson, and the
   * JSON-B implementation from the same place as the JSON-B API it was built against (both the
   * WAR's, or both the server's), so there is one JSON-B, not a mix that could clash; with
   * --jsonb-from, the one expected (a servlet container has none of its own; a full EE server's
   * should win).
   */
  static void libraries(String text) {
    Matcher m =
        Pattern.compile(
                "Libraries: JSON-B (\\S+) from (\\S+); JSON-B API from (\\S+); ([^;]*); store"
                    + " driver (.*)")
            .matcher(text);
    if (!m.find()) {
      fail("log: the \"Libraries: JSON-B …\" start-up line is there");
      return;
    }
    String implementation = m.group(1);
    boolean implementationInWar = m.group(2).contains("WEB-INF/lib");
    boolean apiInWar = m.group(3).contains("WEB-INF/lib");
    System.out.println("  note " + m.group().strip());
    String from = apiInWar ? "war" : "server";
    check(
        implementation.startsWith("org.eclipse.yasson.")
            && implementationInWar == apiInWar
            && (jsonbFrom == null || jsonbFrom.equals(from)),
        "log: JSON-B is Yasson, implementation and API both from the "
            + from
            + (jsonbFrom == null ? "" : " (expected: the " + jsonbFrom + ")")
            + " ("
            + implementation
            + ")",
        null);
    check(m.group(4).startsWith("H2 "), "log: names the H2 it sees (" + m.group(4) + ")", null);
  }

  static boolean isTraceLine(String line) {
    String t = line.strip();
    return t.startsWith("at ")
        || t.startsWith("Caused by:")
        || t.startsWith("Suppressed:")
        || t.startsWith("...")
        || t.matches("^[a-zA-Z_$][\\w$.]*(Exception|Error|Throwable)(:.*)?$");
  }

  static String indent(String s) {
    return s.lines().map(l -> "    | " + l).reduce((a, b) -> a + "\n" + b).orElse("");
  }

  // ---- checks

  static void check(boolean ok, String what, HttpResponse<String> response) {
    if (ok) {
      System.out.println("  ok   " + what);
      return;
    }
    failures++;
    System.out.println("  FAIL " + what);
    if (response != null) {
      System.out.println(
          "       got "
              + response.statusCode()
              + " "
              + response.request().method()
              + " "
              + response.uri()
              + " headers="
              + response.headers().map());
      String body = response.body() == null ? "" : response.body();
      System.out.println(
          "       body: " + (body.length() > 600 ? body.substring(0, 600) + "…" : body));
    }
  }

  static void fail(String what) {
    failures++;
    System.out.println("  FAIL " + what);
  }

  // ---- HTTP

  static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends as the browser: with its cookie jar. */
  static HttpResponse<String> browse(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return browser.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path)).GET();
  }

  static HttpRequest.Builder post(String path, String body) {
    return HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  static HttpResponse<String> get(String path, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = get(path);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return send(b);
  }

  static HttpResponse<String> post(String path, String body, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = post(path, body);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return send(b);
  }

  static HttpResponse<String> clientPost(String path, String body)
      throws IOException, InterruptedException {
    return post(path, body, basic(CLIENT_ID, CLIENT_SECRET));
  }

  static HttpResponse<String> token(String body) throws IOException, InterruptedException {
    return clientPost("/v5/oauth/token", body);
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static String resolve(String location) {
    return URI.create(base + "/").resolve(location).toString();
  }

  /**
   * The sign-in cookie: HttpOnly, SameSite=Strict exactly once, Path=/oauth, and no Max-Age or
   * Expires (it ends with the browser).
   */
  static void signInCookieAttributes(String cookie, HttpResponse<String> r) {
    if (cookie == null) {
      return;
    }
    List<String> attributes =
        Stream.of(cookie.split(";")).skip(1).map(a -> a.strip().toLowerCase()).toList();
    check(attributes.contains("httponly"), "pinoauth_signin is HttpOnly", r);
    List<String> sameSite = attributes.stream().filter(a -> a.startsWith("samesite")).toList();
    check(
        sameSite.equals(List.of("samesite=strict")),
        "pinoauth_signin has SameSite=Strict exactly once " + sameSite,
        r);
    check(attributes.contains("path=/oauth"), "pinoauth_signin has Path=/oauth", r);
    check(
        attributes.stream().noneMatch(a -> a.startsWith("max-age") || a.startsWith("expires")),
        "pinoauth_signin has no Max-Age or Expires",
        r);
  }

  /** The Set-Cookie of the cookie {@code name}, if the response sets it. */
  static String cookie(HttpResponse<String> response, String name) {
    for (String c : response.headers().allValues("Set-Cookie")) {
      if (c.startsWith(name + "=")) {
        return c;
      }
    }
    return null;
  }

  /** The Set-Cookie of the session (JSESSIONID, or whatever the container calls it), if any. */
  static String sessionCookie(HttpResponse<String> response) {
    String found = null;
    for (String c : response.headers().allValues("Set-Cookie")) {
      String name = c.substring(0, Math.max(0, c.indexOf('='))).toUpperCase();
      if (name.equals("JSESSIONID")) {
        return c;
      }
      if (found == null && name.contains("SESSION")) {
        found = c;
      }
    }
    return found;
  }

  // ---- forms and pages

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String form(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return form(m);
  }

  static String form(Map<String, String> fields) {
    List<String> parts = new ArrayList<>();
    fields.forEach((k, v) -> parts.add(enc(k) + "=" + enc(v)));
    return String.join("&", parts);
  }

  static Map<String, String> query(String url) {
    Map<String, String> m = new LinkedHashMap<>();
    int q = url.indexOf('?');
    if (q < 0) {
      return m;
    }
    for (String part : url.substring(q + 1).split("&")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        m.put(
            URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return m;
  }

  static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
  static final Pattern ATTR = Pattern.compile("([a-zA-Z-]+)=\"([^\"]*)\"");

  /** The hidden inputs of the page's (first) form, values unescaped. */
  static Map<String, String> hiddenFields(String html) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher input = INPUT.matcher(html);
    while (input.find()) {
      Map<String, String> attrs = new LinkedHashMap<>();
      Matcher a = ATTR.matcher(input.group(1));
      while (a.find()) {
        attrs.put(a.group(1).toLowerCase(), unescape(a.group(2)));
      }
      if ("hidden".equalsIgnoreCase(attrs.get("type")) && attrs.containsKey("name")) {
        fields.put(attrs.get("name"), attrs.getOrDefault("value", ""));
      }
    }
    return fields;
  }

  static String formAction(String html) {
    Matcher m =
        Pattern.compile("<form\\b[^>]*\\baction=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE)
            .matcher(html);
    return m.find() ? resolve(unescape(m.group(1))) : base + "/oauth/";
  }

  static String unescape(String s) {
    return s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }

  // ---- JSON

  static Map<String, Object> jsonOrEmpty(HttpResponse<String> r) {
    return jsonOrEmpty(r.body());
  }

  static Map<String, Object> jsonOrEmpty(String body) {
    try {
      return Json.object(body);
    } catch (RuntimeException e) {
      return Map.of();
    }
  }

  static String str(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v instanceof String s ? s : "";
  }

  /** Just enough JSON: objects, arrays, strings, numbers, booleans, null. */
  static final class Json {
    private final String s;
    private int i;

    private Json(String s) {
      this.s = s;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String text) {
      Json p = new Json(text);
      Object v = p.value();
      p.ws();
      if (p.i != p.s.length() || !(v instanceof Map)) {
        throw new IllegalArgumentException("not a JSON object: " + text);
      }
      return (Map<String, Object>) v;
    }

    private void ws() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private Object value() {
      ws();
      char c = s.charAt(i);
      if (c == '{') {
        Map<String, Object> m = new LinkedHashMap<>();
        i++;
        ws();
        if (s.charAt(i) == '}') {
          i++;
          return m;
        }
        while (true) {
          ws();
          String k = string();
          ws();
          expect(':');
          m.put(k, value());
          ws();
          if (s.charAt(i) == ',') {
            i++;
          } else {
            expect('}');
            return m;
          }
        }
      }
      if (c == '[') {
        List<Object> l = new ArrayList<>();
        i++;
        ws();
        if (s.charAt(i) == ']') {
          i++;
          return l;
        }
        while (true) {
          l.add(value());
          ws();
          if (s.charAt(i) == ',') {
            i++;
          } else {
            expect(']');
            return l;
          }
        }
      }
      if (c == '"') {
        return string();
      }
      for (String word : new String[] {"true", "false", "null"}) {
        if (s.startsWith(word, i)) {
          i += word.length();
          return word.equals("null") ? null : Boolean.valueOf(word);
        }
      }
      int start = i;
      while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
      if (start == i) {
        throw new IllegalArgumentException("bad JSON at " + i);
      }
      return Double.valueOf(s.substring(start, i));
    }

    private void expect(char c) {
      if (s.charAt(i) != c) {
        throw new IllegalArgumentException("expected " + c + " at " + i);
      }
      i++;
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        char c = s.charAt(i++);
        if (c == '"') {
          return out.toString();
        }
        if (c == '\\') {
          char e = s.charAt(i++);
          switch (e) {
            case 'n' -> out.append('\n');
            case 't' -> out.append('\t');
            case 'r' -> out.append('\r');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'u' -> {
              out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
              i += 4;
            }
            default -> out.append(e);
          }
        } else {
          out.append(c);
        }
      }
    }
  }
}
