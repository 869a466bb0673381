namespace Blazar.Tests.Exports;

/// <summary>A stand-in for Chromium: a shell script that gets Chromium's arguments.</summary>
internal static class FakeChromium
{
    public static async Task<string> ScriptAsync(string folder, string body)
    {
        var path = Path.Combine(folder, "fake-chromium");
        await File.WriteAllTextAsync(path, "#!/bin/sh\n" + body + "\n");
        Assert.False(OperatingSystem.IsWindows(), "these tests run shell scripts");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
