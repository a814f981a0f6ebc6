namespace Understudy.Dashboard.Tests.Harness;

/// <summary>The browser the tests drive: Debian's chromium (.ci/install), never a downloaded one.</summary>
internal static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    /// <summary>Skips the calling test, with the reason, when chromium is not installed.</summary>
    public static void Require()
    {
        if (!File.Exists(Path))
        {
            Assert.Skip($"{Path} is missing: install Debian's chromium (apt-get install chromium, as .ci/install does)");
        }
    }
}
