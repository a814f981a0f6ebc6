using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>Reads the optional <c>api:</c> section (<see cref="ApiLimits"/>).</summary>
internal static class ApiSectionReader
{
    private static ImmutableArray<string> Keys { get; } = ["maxRequestBodyBytes", "tls"];

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

        if (section.Optional("tls") is { } tls && Tls(tls, section.PathOf("tls"), errors) is { } mode)
        {
            draft.Api = draft.Api with { Tls = mode };
        }
    }

    private static ApiTls? Tls(YamlNode node, string path, ConfigErrorList errors)
    {
        switch (ScalarReader.Text(node, path, errors))
        {
            case null:
                return null;
            case "auto":
                return ApiTls.Auto;
            case "on":
                return ApiTls.On;
            case "off":
                return ApiTls.Off;
            case var text:
                errors.Add(path, node, $"'{YamlText.Quote(text)}' is not a TLS mode; expected one of: auto, on, off");
                return null;
        }
    }
}
