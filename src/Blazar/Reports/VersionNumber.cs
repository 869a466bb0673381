using System.Globalization;

namespace Blazar.Reports;

/// <summary>The <c>?v=N</c> that selects a stored version of a report.</summary>
public static class VersionNumber
{
    /// <summary>False when <paramref name="text"/> is given but is not a version number (1 or more); absent is the current version (null).</summary>
    public static bool TryParse(string? text, out int? version)
    {
        version = null;
        if (string.IsNullOrEmpty(text))
            return true;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            return false;
        version = n;
        return true;
    }
}
