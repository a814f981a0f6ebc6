using System.Text.RegularExpressions;

namespace Understudy.Packaging.Tests;

/// <summary>
/// docs/deploy.md as a test reads it: the fenced code blocks of each numbered section
/// (<c>## 4. Open the firewall</c> is section 4), with the guide's LAN <c>192.168.10</c> replaced by
/// the one the test runs on, so that what runs is what the guide says and a change to the guide
/// that the test does not follow fails it.
/// </summary>
internal sealed partial class DeployGuide
{
    /// <summary>The first three octets of the guide's LAN.</summary>
    public const string GuideLan = "192.168.10";

    private readonly string _text;
    private readonly string _lan;

    private DeployGuide(string text, string lan)
    {
        _text = text;
        _lan = lan;
    }

    public static DeployGuide Load(string lan) =>
        new(File.ReadAllText(Path.Combine(Repository.Root, "docs", "deploy.md")).ReplaceLineEndings("\n"), lan);

    /// <summary>The blocks fenced as <paramref name="language"/> in section <paramref name="section"/>, in order.</summary>
    public IReadOnlyList<string> Blocks(int section, string language) =>
        Fence().Matches(Section(section)).Where(m => m.Groups["lang"].Value == language)
            .Select(m => m.Groups["body"].Value.Replace(GuideLan + ".", _lan + ".", StringComparison.Ordinal)).ToList();

    /// <summary>Block <paramref name="index"/> of <paramref name="language"/> in the section.</summary>
    public string Block(int section, string language, int index = 0)
    {
        var blocks = Blocks(section, language);
        Assert.True(blocks.Count > index, $"docs/deploy.md section {section} has no {language} block {index + 1} (it has {blocks.Count})");
        return blocks[index];
    }

    /// <summary>Sh block <paramref name="index"/> of the section as the test runs it: as root, so
    /// without <c>sudo</c>.</summary>
    public string Script(int section, int index = 0) =>
        string.Join('\n', Block(section, "sh", index).Split('\n').Select(WithoutSudo));

    /// <summary>
    /// The command of the section's sh blocks that is <paramref name="start"/> (before its
    /// comment), or else the one that begins with it, with its comment; <c>sudo</c> dropped: the
    /// test runs as root on the hosts. Fails the test unless there is exactly one: the guide
    /// changed, and the test must follow it.
    /// </summary>
    public string Command(int section, string start)
    {
        var lines = Blocks(section, "sh").SelectMany(b => b.Split('\n')).Select(WithoutSudo).ToList();
        var exact = lines.Where(l => Bare(l) == start).ToList();
        var matching = exact.Count > 0 ? exact : lines.Where(l => l.StartsWith(start, StringComparison.Ordinal)).ToList();
        Assert.True(matching.Count == 1, $"docs/deploy.md section {section}: expected one command '{start}…', found {matching.Count}:\n{string.Join('\n', matching)}");
        return matching[0];
    }

    private static string WithoutSudo(string line) =>
        (line.StartsWith("sudo ", StringComparison.Ordinal) ? line["sudo ".Length..] : line).Replace(" && sudo ", " && ", StringComparison.Ordinal);

    /// <summary>The whole text of section <paramref name="section"/>, prose and blocks.</summary>
    public string Text(int section) => Section(section).Replace(GuideLan + ".", _lan + ".", StringComparison.Ordinal);

    /// <summary>A command line without its comment.</summary>
    public static string Bare(string command) => command.Split(" #")[0].Trim();

    /// <summary>A command written for <c>alpha</c> (<c>understudy@alpha</c>, <c>node pause alpha</c>) as run on <paramref name="host"/>.</summary>
    public static string For(string command, string host) => Alpha().Replace(command, host);

    /// <summary>The text from the heading <c>## N.</c> to the next heading of that level.</summary>
    private string Section(int number)
    {
        var start = _text.IndexOf($"\n## {number}. ", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/deploy.md has no section '## {number}.'");
        var end = _text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? _text[start..] : _text[start..end];
    }

    [GeneratedRegex(@"^```(?<lang>[a-z]+)\n(?<body>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"\balpha\b")]
    private static partial Regex Alpha();
}
