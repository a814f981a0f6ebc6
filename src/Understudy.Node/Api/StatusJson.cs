using System.Text.Json;
using System.Text.Json.Serialization;

namespace Understudy.Node.Api;

/// <summary>JSON settings of the status contract: camelCase names, nulls written out.</summary>
public static class StatusJson
{
    /// <summary>Shared by the API (writing) and the CLI (reading).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
