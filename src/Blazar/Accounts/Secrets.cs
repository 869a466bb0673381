using System.Security.Cryptography;
using System.Text;

namespace Blazar.Accounts;

/// <summary>Random secrets (API tokens, invitation links) and the SHA-256 hashes under which they are kept.</summary>
internal static class Secrets
{
    /// <summary>256 random bits, URL-safe, after <paramref name="prefix"/>.</summary>
    public static string New(string prefix) => prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>128 random bits, URL-safe: an id that names a token without being it.</summary>
    public static string NewId() => Base64Url(RandomNumberGenerator.GetBytes(16));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
