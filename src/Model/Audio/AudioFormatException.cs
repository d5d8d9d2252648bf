namespace KDTalker.Model.Audio;

/// <summary>An audio file that cannot be decoded: malformed, truncated or in an unsupported encoding.</summary>
public sealed class AudioFormatException : IOException
{
    /// <summary>Creates the exception; the message should name the file and the problem.</summary>
    public AudioFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with the error that caused it.</summary>
    public AudioFormatException(string message, Exception innerException) : base(message, innerException) { }
}
