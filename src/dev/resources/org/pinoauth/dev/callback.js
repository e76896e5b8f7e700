// The buttons of /dev/callback (development run only). Each sends one request to this server's
// own token or introspection endpoint, as the demo app would, and shows the answer as text.
// The values come from data attributes the server escaped; answers are written with textContent,
// never as markup, so nothing a link or a server answer holds can run here.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const page = document.getElementById("callback");
  if (!page || !page.dataset.code) {
    return; // The error and start pages have no buttons.
  }
  const data = page.dataset;
  // HTTP Basic of the demo app, each half form-url-encoded first (RFC 6749 §2.3.1).
  const basic =
    "Basic " + btoa(encodeURIComponent(data.clientId) + ":" + encodeURIComponent(data.clientSecret));
  const tokens = { access: null, refresh: null };
  const buttons = {
    exchange: document.getElementById("exchange"),
    refresh: document.getElementById("refresh"),
    introspect: document.getElementById("introspect"),
  };

  async function post(step, endpoint, parameters) {
    const status = document.getElementById(step + "-status");
    const answer = document.getElementById(step + "-answer");
    status.textContent = "Sending…";
    answer.textContent = "";
    let response;
    try {
      response = await fetch(endpoint, {
        method: "POST",
        headers: {
          Authorization: basic,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams(parameters),
        credentials: "omit",
        cache: "no-store",
      });
    } catch (failure) {
      status.textContent = "The request failed: " + failure.message;
      return null;
    }
    const text = await response.text();
    status.textContent = "HTTP " + response.status + (response.ok ? "" : " (an error answer)");
    let json = null;
    try {
      json = JSON.parse(text);
      answer.textContent = JSON.stringify(json, null, 2);
    } catch (notJson) {
      answer.textContent = text;
    }
    return response.ok ? json : null;
  }

  // A successful answer brings new tokens: keep them for the next buttons.
  function keep(json) {
    if (json && json.access_token) {
      tokens.access = json.access_token;
      buttons.introspect.disabled = false;
    }
    if (json && json.refresh_token) {
      tokens.refresh = json.refresh_token;
      buttons.refresh.disabled = false;
    }
  }

  buttons.exchange.addEventListener("click", async () => {
    keep(
      await post("exchange", data.tokenEndpoint, {
        grant_type: "authorization_code",
        code: data.code,
        redirect_uri: data.redirectUri,
      }),
    );
  });

  buttons.refresh.addEventListener("click", async () => {
    keep(
      await post("refresh", data.tokenEndpoint, {
        grant_type: "refresh_token",
        refresh_token: tokens.refresh,
      }),
    );
  });

  buttons.introspect.addEventListener("click", async () => {
    await post("introspect", data.introspectEndpoint, { token: tokens.access });
  });
});
