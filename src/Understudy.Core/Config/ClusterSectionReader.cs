using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>Reads the <c>cluster:</c> section: the cluster's name and where its key comes from.</summary>
internal static class ClusterSectionReader
{
    /// <summary>Shortest inline key accepted: 16 characters of even a lowercase-and-digits
    /// alphabet are about 80 bits, beyond guessing by anyone who can send packets to a node.</summary>
    public const int MinInlineKeyLength = 16;

    private const int MaxNameLength = 63;

    private static ImmutableArray<string> Keys { get; } = ["name", "key", "keyFile"];

    public static void Read(YamlNode value, string path, ClusterFileDraft draft, ConfigErrorList errors)
    {
        if (MappingReader.Open(value, path, Keys, errors) is not { } section)
        {
            return;
        }

        if (section.Required("name") is { } nameNode)
        {
            draft.Name = ReadName(nameNode, section.PathOf("name"), errors);
        }

        draft.Key = ReadKey(section, draft.BaseDirectory, errors);
    }

    // Lowercase letters, digits and '-', at most 63: a DNS label, so the name can go into host
    // names, directory names and key derivation labels on any platform without escaping.
    private static string? ReadName(YamlNode node, string path, ConfigErrorList errors)
    {
        if (ScalarReader.Text(node, path, errors) is not { } name)
        {
            return null;
        }

        if (name.Length is 0 or > MaxNameLength || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            errors.Add(path, node, $"'{YamlText.Quote(name)}' is not a valid cluster name; use 1-{MaxNameLength} lowercase letters, digits or '-'");
            return null;
        }

        return name;
    }

    // Exactly one of key and keyFile. The secret itself is never quoted in a message.
    private static ClusterKeySource? ReadKey(MappingReader section, string baseDirectory, ConfigErrorList errors)
    {
        var inline = section.Optional("key");
        var file = section.Optional("keyFile");
        if (inline is null && file is null)
        {
            errors.Add(section.PathOf("key"), section.Node, "'key' or 'keyFile' is required");
            return null;
        }

        if (inline is not null && file is not null)
        {
            errors.Add(section.PathOf("keyFile"), file, "'key' and 'keyFile' are both set; use only one");
            return null;
        }

        return inline is not null
            ? ReadInlineKey(inline, section.PathOf("key"), errors)
            : ReadKeyFile(file!, section.PathOf("keyFile"), baseDirectory, errors);
    }

    private static ClusterKeySource? ReadInlineKey(YamlNode node, string path, ConfigErrorList errors)
    {
        if (YamlText.IsNull(node) || node is not YamlScalarNode { Value: { } secret })
        {
            errors.Add(path, node, $"expected the key as a single value; found {YamlText.Describe(node)}");
            return null;
        }

        if (secret.Length < MinInlineKeyLength)
        {
            errors.Add(path, node, $"the key is too short; use at least {MinInlineKeyLength} characters");
            return null;
        }

        return new ClusterKeySource.Inline(secret);
    }

    private static ClusterKeySource? ReadKeyFile(YamlNode node, string path, string baseDirectory, ConfigErrorList errors)
    {
        if (ScalarReader.Text(node, path, errors) is not { } keyFile)
        {
            return null;
        }

        try
        {
            if (keyFile.Trim().Length > 0 && !keyFile.Contains('\0', StringComparison.Ordinal))
            {
                return new ClusterKeySource.File(Path.GetFullPath(Path.Combine(baseDirectory, keyFile)));
            }
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            // Reported below, like any other path that cannot be resolved.
        }

        errors.Add(path, node, $"'{YamlText.Quote(keyFile)}' is not a valid file path");
        return null;
    }
}
