package org.pinoauth.account;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.pinoauth.crypto.Sha256;

/**
 * Pinterest's {@code Account} (the answer of {@code GET /v5/user_account}) for a username. The
 * realm knows only names, so the rest is what a new Pinterest account shows: a stable numeric id
 * derived from the name, the default profile image, empty texts and zero counts.
 */
@JsonbPropertyOrder({
  "accountType",
  "id",
  "profileImage",
  "websiteUrl",
  "username",
  "about",
  "businessName",
  "boardCount",
  "pinCount",
  "followerCount",
  "followingCount",
  "monthlyViews"
})
public record Account(
    String accountType,
    String id,
    String profileImage,
    String websiteUrl,
    String username,
    String about,
    @JsonbNillable String businessName,
    int boardCount,
    int pinCount,
    int followerCount,
    int followingCount,
    int monthlyViews) {

  static Account of(String username, String profileImage) {
    return new Account(
        "PINNER", idOf(username), profileImage, "", username, "", null, 0, 0, 0, 0, 0);
  }

  /** An 18-digit id, the same for the same username on every node and every run. */
  static String idOf(String username) {
    byte[] digest = Sha256.digest(username.getBytes(StandardCharsets.UTF_8));
    BigInteger number = new BigInteger(1, java.util.Arrays.copyOf(digest, 8));
    return number.mod(BigInteger.TEN.pow(17)).add(BigInteger.TEN.pow(17)).toString();
  }
}
