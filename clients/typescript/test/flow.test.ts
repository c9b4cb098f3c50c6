/**
 * The whole flow through the generated client against a real server (contract/run.sh starts
 * one and sets STOREGISTER_URL and STOREGISTER_API_KEY): register, log in, read the tenant's
 * information, update the profile without sending communicationAddress, upload and fetch a
 * picture, change the password.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { deflateSync } from "node:zlib";

import { ApiError, createStoRegisterClient, type Schemas, unwrap } from "../src/index.js";

const baseUrl = process.env.STOREGISTER_URL;
const apiKey = process.env.STOREGISTER_API_KEY;

/** A small RGB PNG picture, built here. */
function png(width: number, height: number): Uint8Array<ArrayBuffer> {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Uint8Array) => {
    let c = 0xffffffff;
    for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (kind: string, data: Uint8Array) => {
    const body = new Uint8Array([...Buffer.from(kind, "ascii"), ...data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.set(body, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width * 3; x++) rows[y * (width * 3 + 1) + 1 + x] = (x * 7 + y * 11) & 0xff;
  }
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", header),
      chunk("IDAT", deflateSync(rows)),
      chunk("IEND", new Uint8Array()),
    ]),
  );
}

test("a tenant's whole flow through the generated client", { skip: !baseUrl || !apiKey }, async () => {
  const client = createStoRegisterClient({ baseUrl: baseUrl!, apiKey: apiKey! });
  const email = `ts-${randomBytes(6).toString("hex")}@example.com`;
  const registration: Schemas["TenantRegistration"] = {
    canCreateLoginCredentials: true,
    userName: email,
    password: "Typed@2026",
    firstName: "Tess",
    lastName: "Script",
    phoneNumber: "+45 12345678",
    emailId: email,
    address: "Havnegade 1",
    city: "Copenhagen",
    zipCode: "1058",
    countryId: 208,
  };
  const registered = await client.api.POST("/v1/register", { body: registration });
  // 201 for a new address (202 VERIFICATION_REQUIRED, without data, for a known one)
  assert.equal(registered.response.status, 201);
  const created = (registered.data as Schemas["Envelope_AuthData"] | undefined)?.data;
  assert.ok(created, "a new tenant's contact and token");
  const contactId = created.authContactBookInfo.id;
  assert.ok(created.token);

  const loggedIn = await client.login(email, "Typed@2026");
  assert.equal(loggedIn.authContactBookInfo.id, contactId);
  assert.ok(client.token);

  const info = unwrap(await client.api.GET("/v1/tenant/"));
  assert.equal(info.contactBook.email, email);
  assert.equal(info.contactBook.emailVerified, false);
  assert.deepEqual(info.contracts, []);
  assert.equal(info.insights.totalOutstanding.currency.length, 3);

  // a communication address first; then an update that leaves it out keeps it
  const full: Schemas["ProfileRequest"] = {
    firstName: "Tess",
    lastName: "Script",
    phoneNumber: "+45 12345678",
    emailId: email,
    countryId: 208,
    communicationAddress: { address: "Postboks 12", city: "Aarhus", zipCode: "8000", countryId: 208 },
  };
  assert.equal(unwrap(await client.api.PUT("/v1/tenant/profile", { body: full })), contactId);
  const { communicationAddress: _left, ...withoutCommunication } = full;
  const renamed: Schemas["ProfileRequest"] = { ...withoutCommunication, firstName: "Theresa" };
  assert.equal(unwrap(await client.api.PUT("/v1/tenant/profile", { body: renamed })), contactId);
  const profile = unwrap(await client.api.GET("/v1/tenant/profile")).contactBook;
  assert.equal(profile.firstName, "Theresa");
  assert.equal(profile.communicationAddress?.city, "Aarhus", "absent keeps it");

  const pictureId = await client.uploadPicture(new Blob([png(12, 9)], { type: "image/png" }), "me.png");
  const withPicture = unwrap(await client.api.GET("/v1/tenant/profile")).contactBook;
  const url = withPicture.profileImageInfoPath?.url;
  assert.ok(url?.endsWith(`/files/profile-images/${pictureId}`), url);
  assert.equal(withPicture.profileImageInfoPath?.contentType, "image/png");
  const picture = await client.fetchPicture(url!);
  assert.equal(picture.type, "image/png");
  assert.equal(picture.size, withPicture.profileImageInfoPath?.size);

  const stamp = unwrap(await client.api.GET("/v1/tenant/profile/change-password/request"));
  const before = client.token;
  const changed = await client.api.PUT("/v1/tenant/profile/change-password", {
    body: { existingPassword: "Typed@2026", newPassword: "Retyped@2026", concurrencyStamp: stamp },
  });
  assert.equal(unwrap(changed), contactId);
  assert.notEqual(client.token, before, "the rotated token is kept");
  assert.equal(unwrap(await client.api.GET("/v1/tenant/profile")).contactBook.id, contactId);

  await assert.rejects(client.login(email, "Typed@2026"), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 401);
    assert.deepEqual(error.errors.map((e) => e.code), ["INVALID_USER_LOGIN"]);
    return true;
  });
  assert.equal((await client.login(email, "Retyped@2026")).authContactBookInfo.id, contactId);
});
