using System.Text.RegularExpressions;

namespace Understudy.Cli.Tests.Docs;

/// <summary>docs/event-ids.md lists every log event id of src/ exactly once, and no two log messages share an id.</summary>
public sealed partial class EventIdTableTests
{
    [Fact]
    public void EventIds_InSource_AreUniqueAndEachIsInTheTable()
    {
        var root = RepositoryRoot();
        var inSource = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => SourceId().Matches(File.ReadAllText(f)).Select(m => (Id: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), File: Path.GetFileName(f))))
            .ToArray();
        var inTable = TableId().Matches(File.ReadAllText(Path.Combine(root, "docs", "event-ids.md")))
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        Assert.Empty(inSource.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.File))}"));
        Assert.Equal(inSource.Select(e => e.Id).Order(), inTable.Order());
    }

    [GeneratedRegex(@"\[LoggerMessage\(EventId = (\d+)")]
    private static partial Regex SourceId();

    [GeneratedRegex(@"^\| (\d+) \|", RegexOptions.Multiline)]
    private static partial Regex TableId();

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Understudy.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
