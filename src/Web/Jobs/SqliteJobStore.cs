using System.Globalization;
using System.Text.Json;
using KDTalker.Model.Pipeline;
using Microsoft.Data.Sqlite;

namespace KDTalker.Web.Jobs;

/// <summary>
/// <see cref="IJobStore"/> in one SQLite file (WAL journal, so readers never wait for the writer). Each call opens a
/// pooled connection: the store is safe to share between threads.
/// </summary>
public sealed class SqliteJobStore : IJobStore
{
    private const string Columns = "id, state, settings, image_file, audio_file, image_name, audio_name, created_at, started_at, finished_at, stage, " +
        "frames_done, frames, video_file, error";
    private readonly string _connectionString;

    /// <summary>Opens (creating when needed) the database at <paramref name="path"/>.</summary>
    public SqliteJobStore(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS jobs (
              id TEXT PRIMARY KEY, state TEXT NOT NULL, settings TEXT NOT NULL,
              image_file TEXT NOT NULL, audio_file TEXT NOT NULL, image_name TEXT NOT NULL, audio_name TEXT NOT NULL,
              created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, stage TEXT,
              frames_done INTEGER NOT NULL, frames INTEGER NOT NULL, video_file TEXT, error TEXT);
            CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs (state, created_at);
            """);
    }

    /// <inheritdoc />
    public void Add(JobRecord job) => Write($"INSERT INTO jobs ({Columns}) VALUES ({Parameters})", job);

    /// <inheritdoc />
    public void Update(JobRecord job)
    {
        if (Write("UPDATE jobs SET state=$state, settings=$settings, image_file=$image_file, audio_file=$audio_file, image_name=$image_name, "
            + "audio_name=$audio_name, created_at=$created_at, started_at=$started_at, finished_at=$finished_at, stage=$stage, "
            + "frames_done=$frames_done, frames=$frames, video_file=$video_file, error=$error WHERE id=$id", job) == 0)
            throw new KeyNotFoundException($"job {job.Id} is not in the store.");
    }

    /// <inheritdoc />
    public JobRecord? Get(string id) => Read($"SELECT {Columns} FROM jobs WHERE id=$id", ("$id", id)).FirstOrDefault();

    /// <inheritdoc />
    public IReadOnlyList<JobRecord> List(int limit = 100) => Read($"SELECT {Columns} FROM jobs ORDER BY created_at DESC LIMIT $limit", ("$limit", limit));

    /// <inheritdoc />
    public IReadOnlyList<JobRecord> InState(JobState state) =>
        Read($"SELECT {Columns} FROM jobs WHERE state=$state ORDER BY created_at", ("$state", state.ToString()));

    /// <inheritdoc />
    public void Delete(string id)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM jobs WHERE id=$id";
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
    }

    private static string Parameters => string.Join(", ", Columns.Split(", ").Select(c => "$" + c));

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private int Write(string sql, JobRecord job)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        object? Value(object? value) => value ?? DBNull.Value;
        command.Parameters.AddWithValue("$id", job.Id);
        command.Parameters.AddWithValue("$state", job.State.ToString());
        command.Parameters.AddWithValue("$settings", JsonSerializer.Serialize(job.Settings));
        command.Parameters.AddWithValue("$image_file", job.ImageFile);
        command.Parameters.AddWithValue("$audio_file", job.AudioFile);
        command.Parameters.AddWithValue("$image_name", job.ImageName);
        command.Parameters.AddWithValue("$audio_name", job.AudioName);
        command.Parameters.AddWithValue("$created_at", Time(job.CreatedAt));
        command.Parameters.AddWithValue("$started_at", Value(job.StartedAt is { } s ? Time(s) : null));
        command.Parameters.AddWithValue("$finished_at", Value(job.FinishedAt is { } f ? Time(f) : null));
        command.Parameters.AddWithValue("$stage", Value(job.Stage?.ToString()));
        command.Parameters.AddWithValue("$frames_done", job.FramesDone);
        command.Parameters.AddWithValue("$frames", job.Frames);
        command.Parameters.AddWithValue("$video_file", Value(job.VideoFile));
        command.Parameters.AddWithValue("$error", Value(job.Error));
        return command.ExecuteNonQuery();
    }

    private List<JobRecord> Read(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var jobs = new List<JobRecord>();
        while (reader.Read())
        {
            string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
            jobs.Add(new JobRecord(reader.GetString(0), Enum.Parse<JobState>(reader.GetString(1)),
                JsonSerializer.Deserialize<JobSettings>(reader.GetString(2)) ?? new JobSettings(),
                reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), ParseTime(reader.GetString(7)))
            {
                StartedAt = Text(8) is { } started ? ParseTime(started) : null,
                FinishedAt = Text(9) is { } finished ? ParseTime(finished) : null,
                Stage = Text(10) is { } stage ? Enum.Parse<GenerationStage>(stage) : null,
                FramesDone = reader.GetInt32(11),
                Frames = reader.GetInt32(12),
                VideoFile = Text(13),
                Error = Text(14),
            });
        }
        return jobs;
    }

    // Round-trip UTC text sorts in time order (the list's ORDER BY relies on it).
    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
