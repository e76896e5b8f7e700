package org.pinoauth.client;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParserFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.pinoauth.client.AppRegistration.InvalidFieldException;
import org.pinoauth.http.StrictUtf8;

/**
 * Reads the app JSON of the admin API and the bootstrap file strictly (CONTRACT §6): UTF-8, one
 * object (or, for bootstrap, one array of objects) and nothing after it, no repeated or unknown
 * member, each member of its own type, no control characters in text. Every refusal names the field
 * where there is one. A data binder would coerce {@code 5} to {@code "5"} and {@code "yes"} to
 * {@code false} and skip a misspelt member; an operator's typo must not become a registered app.
 * Reading is by parser events, so nesting never goes deeper than an array of strings.
 */
public final class AppJson {
  private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());
  private static final Set<String> TEXT_FIELDS =
      Set.of(
          "client_id",
          "client_secret",
          "name",
          "refresh_mode",
          "owner",
          "token_endpoint_auth_method");
  private static final Set<String> LIST_FIELDS =
      Set.of("redirect_uris", "scopes", "grant_types", "allowed_origins");
  private static final String FLAG_FIELD = "allow_plain_pkce";

  private AppJson() {}

  /**
   * One app object.
   *
   * @throws InvalidFieldException naming the field, or with field {@code body} when the body is not
   *     one well-formed JSON object
   */
  public static AppRegistration readObject(byte[] json) {
    try (JsonParser parser = PARSERS.createParser(new StringReader(utf8(json)))) {
      expect(parser, Event.START_OBJECT, "must be a JSON object of the app's fields");
      AppRegistration app = readApp(parser);
      requireEnd(parser);
      return app;
    } catch (JsonException | NoSuchElementException | IllegalStateException e) {
      throw malformed();
    }
  }

  /** A JSON array of app objects, as the bootstrap file holds. */
  public static List<AppRegistration> readArray(InputStream json) throws IOException {
    try (JsonParser parser = PARSERS.createParser(new StringReader(utf8(json.readAllBytes())))) {
      expect(parser, Event.START_ARRAY, "must be a JSON array of app objects");
      List<AppRegistration> apps = new ArrayList<>();
      for (Event event = parser.next(); event != Event.END_ARRAY; event = parser.next()) {
        if (event != Event.START_OBJECT) {
          throw new InvalidFieldException("body", "each entry must be a JSON object");
        }
        apps.add(readApp(parser));
      }
      requireEnd(parser);
      return apps;
    } catch (JsonException | NoSuchElementException | IllegalStateException e) {
      throw malformed();
    }
  }

  /** The members of an object whose START_OBJECT was just read, up to its END_OBJECT. */
  private static AppRegistration readApp(JsonParser parser) {
    Map<String, Object> members = new HashMap<>();
    for (Event event = parser.next(); event != Event.END_OBJECT; event = parser.next()) {
      String field = parser.getString(); // event is KEY_NAME in a well-formed object
      if (members.containsKey(field)) {
        throw new InvalidFieldException(field, "appears more than once");
      }
      members.put(field, readMember(parser, field));
    }
    @SuppressWarnings("unchecked")
    AppRegistration app =
        new AppRegistration(
            (String) members.get("client_id"),
            (String) members.get("client_secret"),
            (String) members.get("name"),
            (List<String>) members.get("redirect_uris"),
            (List<String>) members.get("scopes"),
            (List<String>) members.get("grant_types"),
            (String) members.get("refresh_mode"),
            (String) members.get("owner"),
            (Boolean) members.get(FLAG_FIELD),
            (String) members.get("token_endpoint_auth_method"),
            (List<String>) members.get("allowed_origins"));
    return app;
  }

  /** The value of {@code field}; JSON {@code null} counts as absent. */
  private static Object readMember(JsonParser parser, String field) {
    Event event = parser.next();
    if (event == Event.VALUE_NULL) {
      return null;
    }
    if (TEXT_FIELDS.contains(field)) {
      if (event != Event.VALUE_STRING) {
        throw new InvalidFieldException(field, "must be a string");
      }
      return checked(field, parser.getString());
    }
    if (LIST_FIELDS.contains(field)) {
      if (event != Event.START_ARRAY) {
        throw new InvalidFieldException(field, "must be an array of strings");
      }
      List<String> texts = new ArrayList<>();
      for (Event element = parser.next(); element != Event.END_ARRAY; element = parser.next()) {
        if (element != Event.VALUE_STRING) {
          throw new InvalidFieldException(field, "must be an array of strings");
        }
        texts.add(checked(field, parser.getString()));
      }
      return texts;
    }
    if (field.equals(FLAG_FIELD)) {
      if (event != Event.VALUE_TRUE && event != Event.VALUE_FALSE) {
        throw new InvalidFieldException(field, "must be true or false");
      }
      return event == Event.VALUE_TRUE;
    }
    throw new InvalidFieldException(field, "is not a field of an app");
  }

  private static void expect(JsonParser parser, Event expected, String otherwise) {
    if (!parser.hasNext() || parser.next() != expected) {
      throw new InvalidFieldException("body", otherwise);
    }
  }

  private static void requireEnd(JsonParser parser) {
    if (parser.hasNext()) {
      throw new InvalidFieldException("body", "has something after the JSON value");
    }
  }

  private static String checked(String field, String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        throw new InvalidFieldException(field, "must not contain control characters");
      }
    }
    return text;
  }

  private static String utf8(byte[] bytes) {
    return StrictUtf8.decode(bytes)
        .orElseThrow(() -> new InvalidFieldException("body", "is not UTF-8"));
  }

  private static InvalidFieldException malformed() {
    return new InvalidFieldException("body", "is not well-formed JSON");
  }
}
