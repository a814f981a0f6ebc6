using System.Text.Json;

namespace Understudy.Cli.Example;

/// <summary>
/// The example service's data: a JSON file holding the items and the newest fencing token that
/// ever wrote it. A write under an older token than the file's is refused, so an old owner that
/// somehow still ran could not overwrite what the new owner wrote.
/// </summary>
internal sealed class KvStore(string path, long token)
{
    private readonly Lock _gate = new();

    public long Token => token;

    public KvData Read()
    {
        lock (_gate)
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<KvData>(File.ReadAllBytes(path)) ?? KvData.Empty : KvData.Empty;
        }
    }

    /// <summary>Stores the value; null on success, else why the write is refused.</summary>
    public string? Write(string key, string value)
    {
        lock (_gate)
        {
            var data = Read();
            if (data.FencingToken > token)
            {
                return $"fenced: this instance has token {token} but the data was written under token {data.FencingToken}";
            }

            var next = new KvData(token, data.Items.SetItem(key, value));
            var temporary = path + ".tmp";
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(next));
            File.Move(temporary, path, overwrite: true);
            return null;
        }
    }
}
