namespace Understudy.Node.Tests.Harness;

/// <summary>The repository these tests were built from (its docs, tools and examples).</summary>
internal static class Repository
{
    /// <summary>The folder holding Understudy.slnx, found above the test's binaries.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Understudy.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root above " + AppContext.BaseDirectory);
    }
}
