using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>Reads the optional <c>quarantine:</c> section (<see cref="QuarantineOptions"/>).</summary>
internal static class QuarantineSectionReader
{
    private static ImmutableArray<string> Keys { get; } = ["departures", "window", "duration", "maxShare"];

    public static void Read(YamlNode value, string path, ClusterFileDraft draft, ConfigErrorList errors)
    {
        if (YamlText.IsNull(value) || MappingReader.Open(value, path, Keys, errors) is not { } section)
        {
            return;
        }

        var options = QuarantineOptions.Default;
        if (section.Optional("departures") is { } departures && ScalarReader.Integer(departures, section.PathOf("departures"), 0, 1000, errors) is { } count)
        {
            options = options with { Departures = count };
        }

        if (section.Optional("window") is { } window && ScalarReader.Duration(window, section.PathOf("window"), TimeSpan.FromMinutes(1), TimeSpan.FromDays(7), errors) is { } w)
        {
            options = options with { Window = w };
        }

        if (section.Optional("duration") is { } duration && ScalarReader.Duration(duration, section.PathOf("duration"), TimeSpan.FromMinutes(1), TimeSpan.FromDays(7), errors) is { } d)
        {
            options = options with { Duration = d };
        }

        // Above a half, quarantine could take away the majority it is meant to protect.
        if (section.Optional("maxShare") is { } share && ScalarReader.Number(share, section.PathOf("maxShare"), 0, 0.5, errors) is { } s)
        {
            options = options with { MaxShare = s };
        }

        draft.Quarantine = options;
    }
}
