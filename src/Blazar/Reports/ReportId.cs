using System.Buffers.Text;
using System.Security.Cryptography;

namespace Blazar.Reports;

/// <summary>Report ids: 128 random bits in URL-safe base64 (22 characters).</summary>
internal static class ReportId
{
    public const int Length = 22;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>True only for strings that could be an id, so nothing else reaches the store or a page.</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: Length } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
