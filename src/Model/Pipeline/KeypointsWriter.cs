using System.Globalization;
using System.Text;
using System.Text.Json;
using KDTalker.Model.Media;

namespace KDTalker.Model.Pipeline;

/// <summary>
/// Writes every frame's motion for research use as it is generated: JSON (<c>.json</c>) or CSV (any other
/// extension). Per frame: time, generated pose (degrees), scale, translation, the 63 expression values and the
/// 21 driving keypoints. Written to a temporary file renamed by <see cref="Complete"/>; disposing without
/// completing deletes it.
/// </summary>
public sealed class KeypointsWriter : IDisposable
{
    private readonly string _path, _temporary;
    private readonly FileStream _stream;
    private readonly Utf8JsonWriter? _json;
    private readonly StreamWriter? _csv;
    private readonly double _fps;
    private bool _completed;

    /// <summary>Creates the file (as a temporary next to it).</summary>
    public KeypointsWriter(string path, double fps = 25)
    {
        _path = Path.GetFullPath(path);
        _fps = fps;
        StaleTemporaries.CleanBeside(_path);
        _temporary = _path + StaleTemporaries.PartialSuffix;
        _stream = new FileStream(_temporary, FileMode.Create, FileAccess.Write, FileShare.None);
        if (_path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            _json = new Utf8JsonWriter(_stream, new JsonWriterOptions { Indented = false });
            _json.WriteStartObject();
            _json.WriteNumber("fps", fps);
            _json.WriteStartArray("frames");
        }
        else
        {
            _csv = new StreamWriter(_stream, new UTF8Encoding(false));
            var header = new StringBuilder("frame,time_s,yaw,pitch,roll,scale,tx,ty,tz");
            for (int i = 0; i < 63; i++)
                header.Append(",exp").Append(i);
            for (int k = 0; k < 21; k++)
                header.Append($",kp{k}_x,kp{k}_y,kp{k}_z");
            _csv.WriteLine(header);
        }
    }

    /// <summary>Appends one frame.</summary>
    public void Write(FrameMotion motion)
    {
        var g = motion.Generated;
        double time = motion.Index / _fps;
        if (_json is not null)
        {
            _json.WriteStartObject();
            _json.WriteNumber("frame", motion.Index);
            _json.WriteNumber("time", time);
            _json.WriteNumber("yaw", g.Yaw);
            _json.WriteNumber("pitch", g.Pitch);
            _json.WriteNumber("roll", g.Roll);
            _json.WriteNumber("scale", g.Scale);
            WriteArray("t", g.T);
            WriteArray("exp", g.Exp);
            _json.WriteStartArray("keypoints");
            for (int k = 0; k < motion.Driving.Keypoints.Count; k++)
            {
                _json.WriteStartArray();
                foreach (float value in motion.Driving.Keypoints[k])
                    _json.WriteNumberValue(value);
                _json.WriteEndArray();
            }
            _json.WriteEndArray();
            _json.WriteEndObject();
        }
        else
        {
            var line = new StringBuilder();
            line.Append(motion.Index).Append(',').Append(time.ToString("R", CultureInfo.InvariantCulture));
            foreach (float v in new[] { g.Yaw, g.Pitch, g.Roll, g.Scale }.Concat(g.T).Concat(g.Exp).Concat(motion.Driving.Keypoints.ToArray()))
                line.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
            _csv!.WriteLine(line);
        }
    }

    /// <summary>Finishes the document and moves it to its final name.</summary>
    public void Complete()
    {
        if (_json is not null)
        {
            _json.WriteEndArray();
            _json.WriteEndObject();
            _json.Flush();
        }
        _csv?.Flush();
        _stream.Flush();
        _json?.Dispose();
        _csv?.Dispose();
        _stream.Dispose();
        File.Move(_temporary, _path, overwrite: true);
        _completed = true;
    }

    /// <summary>Closes the file; deletes it unless <see cref="Complete"/> ran.</summary>
    public void Dispose()
    {
        if (_completed)
            return;
        _json?.Dispose();
        _csv?.Dispose();
        _stream.Dispose();
        File.Delete(_temporary);
    }

    private void WriteArray(string name, float[] values)
    {
        _json!.WriteStartArray(name);
        foreach (float v in values)
            _json.WriteNumberValue(v);
        _json.WriteEndArray();
    }
}
