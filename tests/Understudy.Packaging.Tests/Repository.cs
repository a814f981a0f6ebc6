namespace Understudy.Packaging.Tests;

/// <summary>The repository these tests were built from (the folder holding Understudy.slnx).</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Understudy.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"no Understudy.slnx above {AppContext.BaseDirectory}");
    }
}
