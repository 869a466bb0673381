using Blazar.Reports;
using Blazar.Storage;
using Blazar.Writers;

namespace Blazar.Generation;

/// <summary>
/// What a run of a report's current version writes: the writer's request, and for a section revision the text of the
/// version before it that stays as it is around the section (<see cref="Prefix"/> starts the version's log,
/// <see cref="Suffix"/> follows the section once it is written).
/// </summary>
internal sealed record RunPlan(WriteRequest Request, string Prefix, string Suffix)
{
    public static async Task<RunPlan> ForAsync(IReportStore store, Report report, CancellationToken cancellationToken)
    {
        var fromSpec = new RunPlan(new WriteRequest(report.Spec), "", "");
        if (report.Version == 1)
            return fromSpec;
        var versions = await store.ListVersionsAsync(report.Id, cancellationToken);
        if (versions.FirstOrDefault(v => v.Version == report.Version) is not { Instruction: { } instruction } asked)
            return fromSpec;
        var basis = await store.GetTextAsync(report.Id, report.Version - 1, cancellationToken) ?? "";
        var revision = new Revision(instruction, asked.Section);
        if (asked.Section is { } heading && ReportSections.Find(basis, heading) is { } section)
        {
            var current = basis[section.Start..section.End];
            return new RunPlan(new WriteRequest(report.Spec) { Revision = revision, Current = current }, basis[..section.Start], basis[section.End..]);
        }
        return new RunPlan(new WriteRequest(report.Spec) { Revision = revision with { Section = null }, Current = basis }, "", "");
    }
}
