namespace Understudy.Core.Nlb.Http1;

/// <summary>The non-empty, trimmed elements of a comma-separated field value (RFC 9110 §5.6.1).</summary>
public ref struct CommaList(ReadOnlySpan<byte> value)
{
    private ReadOnlySpan<byte> _rest = value;
    private bool _done = value.IsEmpty;

    public ReadOnlySpan<byte> Current { get; private set; }

    public readonly CommaList GetEnumerator() => this;

    public bool MoveNext()
    {
        while (!_done)
        {
            var comma = _rest.IndexOf((byte)',');
            var element = comma < 0 ? _rest : _rest[..comma];
            _rest = comma < 0 ? default : _rest[(comma + 1)..];
            _done = comma < 0;
            Current = element.Trim(" \t"u8);
            if (!Current.IsEmpty)
            {
                return true;
            }
        }

        return false;
    }
}
