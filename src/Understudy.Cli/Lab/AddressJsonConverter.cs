using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Understudy.Cli.Lab;

/// <summary>An IP address as its text in a lab file.</summary>
internal sealed class AddressJsonConverter : JsonConverter<IPAddress>
{
    public override IPAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        IPAddress.TryParse(reader.GetString(), out var address) ? address : throw new JsonException("an IP address expected");

    public override void Write(Utf8JsonWriter writer, IPAddress value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
