namespace Understudy.Core.Detection;

/// <summary>Creates the failure detector that <see cref="HeartbeatOptions.Detector"/> names.</summary>
public static class FailureDetectors
{
    /// <summary>A new detector for one peer, in the mode and with the settings of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown mode or invalid settings.</exception>
    public static IFailureDetector Create(HeartbeatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Detector switch
        {
            DetectorMode.Threshold => new ThresholdDetector(options),
            DetectorMode.Phi => new PhiAccrualDetector(options),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Detector, "Unknown detector mode."),
        };
    }
}
