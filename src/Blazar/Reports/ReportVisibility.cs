namespace Blazar.Reports;

/// <summary>Who may view a report besides its owner and the admins.</summary>
public enum ReportVisibility
{
    /// <summary>Nobody else (the default).</summary>
    Private,

    /// <summary>Every signed-in person.</summary>
    Team,

    /// <summary>Anyone with the URL, signed in or not (viewing only).</summary>
    Link,
}

/// <summary>Who owns a report, as the manifest shows it.</summary>
public sealed record ReportOwner(string Id, string DisplayName);
