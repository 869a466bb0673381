// Passkeys through the browser's WebAuthn JSON helpers: Blazar makes the options, the browser (or a security key)
// makes the credential, Blazar checks it. Each call returns the server's response, or a sentence when the browser
// could not (or the person did not) make one.
import { send } from "./account-api.js";

export function supported() {
  return typeof PublicKeyCredential === "function" && typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function";
}

// Makes a passkey: options from optionsUrl, the new credential posted to url with the extra fields.
export async function register(optionsUrl, optionsBody, url, fields) {
  const options = await send("POST", optionsUrl, optionsBody);
  if (!options.ok) return { response: options };
  let credential;
  try {
    credential = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(await options.json()) });
  } catch (error) {
    return { failed: browserProblem(error) };
  }
  return { response: await send("POST", url, { ...fields, credential: credential.toJSON() }) };
}

// Asks Blazar to start a passkey sign-in: the options response (Blazar keeps the challenge in a cookie, so the
// latest options asked for are the ones a credential must answer).
export function requestOptions() {
  return send("POST", "/api/account/passkeys/request-options", {});
}

// Signs in with a passkey, answering the options asked for. With mediation "conditional" it waits for the person to
// pick one from the email box's suggestions; the signal ends that wait.
export async function signIn(options, { mediation, signal } = {}) {
  if (!options.ok) return { response: options };
  let credential;
  try {
    const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(await options.json());
    credential = await navigator.credentials.get({ publicKey, mediation, signal });
  } catch (error) {
    return { failed: signal?.aborted ? null : browserProblem(error) };
  }
  return { response: await send("POST", "/api/account/passkeys/login", { credential: credential.toJSON() }) };
}

export async function conditionalAvailable() {
  return supported() && (await PublicKeyCredential.isConditionalMediationAvailable?.()) === true;
}

function browserProblem(error) {
  if (error?.name === "NotAllowedError") return "No passkey was used (it was cancelled or took too long).";
  if (error?.name === "InvalidStateError") return "This device already holds a passkey for this account.";
  return "This browser could not use a passkey here.";
}
