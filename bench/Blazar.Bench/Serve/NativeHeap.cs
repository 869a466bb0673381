using System.Runtime.InteropServices;

namespace Blazar.Bench.Serve;

/// <summary>
/// glibc's malloc keeps the memory native code freed (SQLite's pages, sockets' buffers) for reuse, and gives it
/// back to the system only when asked. Asking is the native side of the GC's aggressive collection: what is left
/// in the working set after both is memory still in use, which is what the soak's rule is about.
/// </summary>
internal static class NativeHeap
{
    /// <summary>Gives the native allocator's free memory back to the system (glibc only; elsewhere nothing).</summary>
    public static void GiveBackFree()
    {
        if (!OperatingSystem.IsLinux())
            return;
        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // another C library (musl has no malloc_trim): its working set is read as it is
        }
    }

#pragma warning disable SYSLIB1054, CA5392 // a plain C call with a number in and out: no marshalling for a source generator to do
    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
#pragma warning restore SYSLIB1054, CA5392
}
