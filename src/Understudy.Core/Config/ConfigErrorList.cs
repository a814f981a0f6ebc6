using System.Collections.Immutable;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>Collects the problems of one cluster file; readers add to it and carry on.</summary>
internal sealed class ConfigErrorList(string sourceName)
{
    private readonly ImmutableArray<ConfigError>.Builder _errors = ImmutableArray.CreateBuilder<ConfigError>();

    public bool IsEmpty => _errors.Count == 0;

    public void Add(string path, Mark mark, string message) =>
        _errors.Add(new ConfigError(path, ToInt(mark.Line), ToInt(mark.Column), message) { Source = sourceName });

    public void Add(string path, YamlNode at, string message) => Add(path, at.Start, message);

    public void AddWithoutPosition(string path, string message) =>
        _errors.Add(new ConfigError(path, null, null, message) { Source = sourceName });

    /// <summary>The problems in file order, which is how a user fixes them (stable for equal positions).</summary>
    public ImmutableArray<ConfigError> ToImmutable() =>
        [.. _errors.OrderBy(e => e.Line ?? 0).ThenBy(e => e.Column ?? 0)];

    private static int? ToInt(long value) => value is > 0 and <= int.MaxValue ? (int)value : null;
}
