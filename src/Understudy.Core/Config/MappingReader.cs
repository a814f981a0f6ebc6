using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>
/// One YAML mapping of the cluster file with the keys it may hold. Opening it reports a node
/// that is not a mapping and every unknown key, so section readers only ask for what they know.
/// </summary>
internal sealed class MappingReader
{
    private readonly YamlMappingNode _node;
    private readonly string _path;
    private readonly ConfigErrorList _errors;

    private MappingReader(YamlMappingNode node, string path, ConfigErrorList errors)
    {
        _node = node;
        _path = path;
        _errors = errors;
    }

    /// <summary>Where the mapping starts, for problems of the mapping as a whole.</summary>
    public YamlNode Node => _node;

    /// <summary>Opens <paramref name="node"/> as a mapping holding only <paramref name="keys"/>;
    /// null (after reporting) if it is not a mapping.</summary>
    public static MappingReader? Open(YamlNode node, string path, ImmutableArray<string> keys, ConfigErrorList errors)
    {
        if (node is not YamlMappingNode mapping)
        {
            errors.Add(path, node, $"expected a mapping with the keys {string.Join(", ", keys)}; found {YamlText.Describe(node)}");
            return null;
        }

        foreach (var key in mapping.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                errors.Add(path, key, $"keys must be plain names; expected one of: {string.Join(", ", keys)}");
            }
            else if (!keys.Contains(name, StringComparer.Ordinal))
            {
                errors.Add(Child(path, name), key, $"unknown key '{YamlText.Quote(name)}'; expected one of: {string.Join(", ", keys)}");
            }
        }

        return new MappingReader(mapping, path, errors);
    }

    /// <summary>The path of a key of this mapping, for example <c>cluster.name</c>.</summary>
    public static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>The path of a key of this mapping.</summary>
    public string PathOf(string key) => Child(_path, key);

    /// <summary>The value of <paramref name="key"/>, or null if the key is absent.</summary>
    public YamlNode? Optional(string key)
    {
        foreach (var (name, value) in _node.Children)
        {
            if (name is YamlScalarNode { Value: { } text } && text == key)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The value of <paramref name="key"/>; reports a missing key and returns null.</summary>
    public YamlNode? Required(string key)
    {
        var value = Optional(key);
        if (value is null)
        {
            _errors.Add(PathOf(key), _node, $"'{key}' is required");
        }

        return value;
    }
}
