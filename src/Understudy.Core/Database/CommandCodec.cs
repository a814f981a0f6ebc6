using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Understudy.Core.Database;

/// <summary>Serializes cluster commands and snapshots of the cluster database as UTF-8 JSON.</summary>
public static class CommandCodec
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static byte[] Encode(ClusterCommand command) => JsonSerializer.SerializeToUtf8Bytes(command, Options);

    /// <summary>Decodes a log entry; null for an entry this version does not understand.</summary>
    public static ClusterCommand? Decode(ReadOnlySequence<byte> payload) => TryDecode(payload).Command;

    /// <summary>Decodes a log entry or a request body: the command, or why not and where (a JSON
    /// path such as <c>$.node</c>, or null).</summary>
    public static (ClusterCommand? Command, string? Error, string? Path) TryDecode(ReadOnlySequence<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        try
        {
            return JsonSerializer.Deserialize<ClusterCommand>(ref reader, Options) is { } command
                ? (command, null, null)
                : (null, "expected a command object, found null", null);
        }
        catch (JsonException e)
        {
            return (null, $"not a command this node understands: {e.Message}", e.Path);
        }
        catch (NotSupportedException e)
        {
            return (null, $"not a command this node understands: {e.Message}", null);
        }
    }

    public static byte[] EncodeSnapshot(ClusterState state) => JsonSerializer.SerializeToUtf8Bytes(state, Options);

    public static ClusterState DecodeSnapshot(ReadOnlySpan<byte> bytes) =>
        JsonSerializer.Deserialize<ClusterState>(bytes, Options) ?? ClusterState.Empty;
}
