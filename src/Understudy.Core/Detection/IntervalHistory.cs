namespace Understudy.Core.Detection;

/// <summary>
/// The last N inter-arrival intervals of one peer, in milliseconds, with their mean and
/// (population) standard deviation, as Akka's <c>HeartbeatHistory</c>.
/// </summary>
/// <remarks>Mean and deviation are recomputed from the ring on every sample rather than kept
/// as running sums, so long-lived peers accumulate no floating-point drift; N is about 100.</remarks>
internal sealed class IntervalHistory
{
    private readonly double[] _samples;
    private int _next;

    public IntervalHistory(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _samples = new double[capacity];
    }

    public int Count { get; private set; }

    public double Mean { get; private set; }

    public double StdDeviation { get; private set; }

    public void Add(double intervalMs)
    {
        _samples[_next] = intervalMs;
        _next = (_next + 1) % _samples.Length;
        Count = Math.Min(Count + 1, _samples.Length);

        double sum = 0;
        for (var i = 0; i < Count; i++)
        {
            sum += _samples[i];
        }

        var mean = sum / Count;
        double squares = 0;
        for (var i = 0; i < Count; i++)
        {
            var d = _samples[i] - mean;
            squares += d * d;
        }

        Mean = mean;
        StdDeviation = Math.Sqrt(squares / Count);
    }

    public void Clear()
    {
        _next = 0;
        Count = 0;
        Mean = 0;
        StdDeviation = 0;
    }
}
