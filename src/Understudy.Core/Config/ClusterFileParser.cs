namespace Understudy.Core.Config;

/// <summary>
/// Reads a cluster file (YAML; format in docs/cluster-file.md) into a <see cref="ClusterConfig"/>,
/// or into the list of every problem in it. Pure: the caller reads the file; a <c>keyFile</c> is
/// resolved to an absolute path but not read.
/// </summary>
public static class ClusterFileParser
{
    /// <summary>Parses and validates a cluster file. Bad input never throws: every problem,
    /// from a YAML syntax error to a clash of ports, is one <see cref="ConfigError"/>.</summary>
    /// <param name="yamlText">The content of the file.</param>
    /// <param name="sourceName">How messages name the file, for example its path.</param>
    /// <param name="baseDirectory">The directory of the file: a relative <c>keyFile</c> is relative to it.</param>
    /// <exception cref="ArgumentNullException">An argument is null (a bug of the caller, not bad input).</exception>
    public static ClusterFileResult Parse(string yamlText, string sourceName, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(baseDirectory);

        var errors = new ConfigErrorList(sourceName);
        if (YamlDocumentLoader.Load(yamlText, errors) is not { } root
            || MappingReader.Open(root, string.Empty, ClusterFileSections.Keys, errors) is not { } file)
        {
            return new ClusterFileResult(null, errors.ToImmutable());
        }

        var draft = new ClusterFileDraft(baseDirectory);
        foreach (var section in ClusterFileSections.All)
        {
            if (file.Optional(section.Key) is { } value)
            {
                section.Read(value, section.Key, draft, errors);
            }
            else if (section.Required)
            {
                errors.Add(section.Key, root, $"section '{section.Key}' is required");
            }
        }

        return errors.IsEmpty && draft.TryBuild(out var config)
            ? new ClusterFileResult(config, [])
            : new ClusterFileResult(null, errors.ToImmutable());
    }
}
