using Blazar.Reports;

namespace Blazar.Writers.Offline;

/// <summary>
/// Pasted data read as a table: a header row and the data rows that have as many fields (comma, semicolon or
/// tab separated, RFC 4180 quotes). Read in one pass and held to <see cref="DataLimits"/> even for a spec
/// stored before the limits existed: columns past the limit and cells past the limit are not read.
/// </summary>
internal sealed record CsvTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>The table in <paramref name="data"/>, or null when it does not look like one.</summary>
    public static CsvTable? TryParse(string? data, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(data))
            return null;
        List<string>? header = null;
        var rows = new List<IReadOnlyList<string>>();
        long cells = 0;
        foreach (var record in DelimitedText.Records(data, DelimitedText.DetectSeparator(data)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (header is null)
            {
                if (record.Count < 2)
                    return null;
                header = record.Count > DataLimits.MaxColumns ? record[..DataLimits.MaxColumns] : record;
                continue;
            }
            if (record.Count != header.Count && !(header.Count == DataLimits.MaxColumns && record.Count > header.Count))
                continue; // a ragged row (a note under the table, say) is not data
            if ((cells += header.Count) > DataLimits.MaxCells)
                break;
            rows.Add(record.Count > header.Count ? record[..header.Count] : record);
        }
        return header is null || rows.Count == 0 ? null : new CsvTable(header, rows);
    }
}
