using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Understudy.Core.Addresses;

/// <summary>An IP address as its text (<c>"10.0.0.5"</c>) in JSON: a lab file, a VM's address in the
/// cluster database. System.Text.Json cannot write an <see cref="IPAddress"/> by itself (its
/// <c>ScopeId</c> throws for IPv4).</summary>
public sealed class AddressJsonConverter : JsonConverter<IPAddress>
{
    public override IPAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        IPAddress.TryParse(reader.GetString(), out var address) ? address : throw new JsonException("an IP address expected");

    public override void Write(Utf8JsonWriter writer, IPAddress value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
