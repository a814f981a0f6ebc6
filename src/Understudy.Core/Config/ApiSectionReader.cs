using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>Reads the optional <c>api:</c> section (<see cref="ApiLimits"/>).</summary>
internal static class ApiSectionReader
{
    private static ImmutableArray<string> Keys { get; } = ["maxRequestBodyBytes"];

    public static void Read(YamlNode value, string path, ClusterFileDraft draft, ConfigErrorList errors)
    {
        if (YamlText.IsNull(value) || MappingReader.Open(value, path, Keys, errors) is not { } section)
        {
            return;
        }

        if (section.Optional("maxRequestBodyBytes") is { } max
            && ScalarReader.Integer(max, section.PathOf("maxRequestBodyBytes"), ApiLimits.MinMaxRequestBodyBytes, ApiLimits.MaxMaxRequestBodyBytes, errors) is { } bytes)
        {
            draft.Api = draft.Api with { MaxRequestBodyBytes = bytes };
        }
    }
}
