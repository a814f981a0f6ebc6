using System.Collections.Immutable;
using Understudy.Core.Detection;
using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>
/// Reads the optional <c>heartbeat:</c> section. Every key is optional; an absent key keeps the
/// default of <see cref="HeartbeatOptions.Lan"/>. The ranges and their reasons are in
/// docs/cluster-file.md.
/// </summary>
internal static class HeartbeatSectionReader
{
    private static ImmutableArray<string> Keys { get; } =
        ["interval", "threshold", "detector", "phiThreshold", "phiMinStdDeviation", "phiAcceptablePause", "phiWindowSize"];

    public static void Read(YamlNode value, string path, ClusterFileDraft draft, ConfigErrorList errors)
    {
        // "heartbeat:" with every line below it commented out means "the defaults".
        if (YamlText.IsNull(value) || MappingReader.Open(value, path, Keys, errors) is not { } section)
        {
            return;
        }

        var options = HeartbeatOptions.Lan;
        if (Value(section, "interval", (n, p) => ScalarReader.Duration(n, p, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10), errors)) is { } interval)
        {
            options = options with { Interval = interval };
        }

        if (Value(section, "threshold", (n, p) => ScalarReader.Integer(n, p, 2, 120, errors)) is { } threshold)
        {
            options = options with { Threshold = threshold };
        }

        if (Value(section, "detector", (n, p) => ReadDetector(n, p, errors)) is { } detector)
        {
            options = options with { Detector = detector };
        }

        if (Value(section, "phiThreshold", (n, p) => ScalarReader.Number(n, p, 0, 32, errors)) is { } phi)
        {
            options = options with { PhiThreshold = phi };
        }

        if (Value(section, "phiMinStdDeviation", (n, p) => ScalarReader.Duration(n, p, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10), errors)) is { } deviation)
        {
            options = options with { PhiMinStdDeviation = deviation };
        }

        if (Value(section, "phiAcceptablePause", (n, p) => ScalarReader.Duration(n, p, TimeSpan.Zero, TimeSpan.FromSeconds(60), errors)) is { } pause)
        {
            options = options with { PhiAcceptablePause = pause };
        }

        if (Value(section, "phiWindowSize", (n, p) => ScalarReader.Integer(n, p, 10, 1000, errors)) is { } window)
        {
            options = options with { PhiWindowSize = window };
        }

        draft.Heartbeat = options;
    }

    private static T? Value<T>(MappingReader section, string key, Func<YamlNode, string, T?> read)
        where T : struct =>
        section.Optional(key) is { } node ? read(node, section.PathOf(key)) : null;

    private static DetectorMode? ReadDetector(YamlNode node, string path, ConfigErrorList errors)
    {
        switch (ScalarReader.Text(node, path, errors))
        {
            case null:
                return null;
            case "threshold":
                return DetectorMode.Threshold;
            case "phi":
                return DetectorMode.Phi;
            case var text:
                errors.Add(path, node, $"'{YamlText.Quote(text)}' is not a detector; expected one of: threshold, phi");
                return null;
        }
    }
}
