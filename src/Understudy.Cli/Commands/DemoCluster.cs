using Understudy.Core.Config;

namespace Understudy.Cli.Commands;

/// <summary>The built-in 3-node demo (examples/demo.yaml, embedded), used when no -f is given.</summary>
internal static class DemoCluster
{
    /// <summary>The demo cluster file's text.</summary>
    public static string Text()
    {
        using var stream = typeof(DemoCluster).Assembly.GetManifestResourceStream("Understudy.Cli.demo.yaml")
            ?? throw new InvalidOperationException("the demo cluster file is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The demo, parsed.</summary>
    public static ClusterConfig Config() =>
        ClusterFileParser.Parse(Text(), "built-in demo", Environment.CurrentDirectory).Config
            ?? throw new InvalidOperationException("the built-in demo cluster file is not valid");

    /// <summary>Writes the demo file into <paramref name="directory"/> for the node processes; returns its path.</summary>
    public static string WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "demo.yaml");
        File.WriteAllText(path, Text());
        return path;
    }
}
