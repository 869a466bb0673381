using System.ComponentModel.DataAnnotations;

namespace Blazar.Storage;

/// <summary>Where the SQLite report store lives (<c>Blazar:Sqlite</c>).</summary>
public sealed class SqliteOptions
{
    /// <summary>Path of the database file; relative paths are under the working directory.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "data/blazar.db";
}
