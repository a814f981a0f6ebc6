using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Understudy.Core.Membership;

namespace Understudy.Node.Database;

/// <summary>Serializes cluster commands and snapshots of the cluster database as UTF-8 JSON.</summary>
internal static class CommandCodec
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static byte[] Encode(ClusterCommand command) => JsonSerializer.SerializeToUtf8Bytes(command, Options);

    /// <summary>Decodes a log entry; null for an entry this version does not understand.</summary>
    public static ClusterCommand? Decode(ReadOnlySequence<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        try
        {
            return JsonSerializer.Deserialize<ClusterCommand>(ref reader, Options);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    public static byte[] EncodeSnapshot(ClusterState state) => JsonSerializer.SerializeToUtf8Bytes(state, Options);

    public static ClusterState DecodeSnapshot(ReadOnlySpan<byte> bytes) =>
        JsonSerializer.Deserialize<ClusterState>(bytes, Options) ?? ClusterState.Empty;
}
