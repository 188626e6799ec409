import { sql, type Kysely } from 'kysely';

// Secure messages: one team conversation per child and smaller conversations with chosen members,
// messages that are never edited (an author may only retract one, which keeps it as "retracted"),
// and each person's read position per conversation.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE conversation (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      -- 'team': everyone on the child's team with messages.team; 'group': its members only.
      kind text NOT NULL CHECK (kind IN ('team', 'group')),
      title text NOT NULL DEFAULT '' CHECK (length(title) <= 80),
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX conversation_one_team_per_child ON conversation (child_id) WHERE kind = 'team';
    CREATE INDEX conversation_child ON conversation (child_id, created_at);

    -- Members of a smaller conversation. Being listed is not enough: they must also still be on
    -- the child's team with messages.send.
    CREATE TABLE conversation_member (
      conversation_id uuid NOT NULL REFERENCES conversation(id),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      user_id uuid NOT NULL REFERENCES app_user(id),
      added_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      removed_at timestamptz,
      PRIMARY KEY (conversation_id, user_id)
    );
    CREATE INDEX conversation_member_user ON conversation_member (user_id, child_id);

    CREATE TABLE message (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      -- Insertion order: pages, read positions and unread counts use it (timestamps can tie).
      seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      conversation_id uuid NOT NULL REFERENCES conversation(id),
      author_id uuid NOT NULL REFERENCES app_user(id),
      author_role text,
      -- Empty only when the message carries files (uploads owned by the message).
      body text NOT NULL CHECK (length(body) <= 4000),
      -- The author's language when they wrote it, so readers in another language get a translation.
      language text NOT NULL CHECK (length(language) BETWEEN 2 AND 10),
      created_at timestamptz NOT NULL DEFAULT now(),
      retracted_at timestamptz,
      retracted_by uuid REFERENCES app_user(id),
      CHECK ((retracted_at IS NULL) = (retracted_by IS NULL))
    );
    CREATE INDEX message_conversation ON message (conversation_id, seq DESC);
    CREATE INDEX message_child ON message (child_id, seq DESC);

    -- What was said is never changed or removed: the only change a message accepts is its
    -- author retracting it, once.
    CREATE FUNCTION message_retract_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'message is append-only';
      END IF;
      IF OLD.retracted_at IS NOT NULL OR NEW.retracted_at IS NULL OR NEW.retracted_by IS DISTINCT FROM OLD.author_id
         OR (to_jsonb(NEW) - 'retracted_at' - 'retracted_by') IS DISTINCT FROM (to_jsonb(OLD) - 'retracted_at' - 'retracted_by') THEN
        RAISE EXCEPTION 'a message can only be retracted, once, by its author';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER message_retract_only BEFORE UPDATE OR DELETE ON message
      FOR EACH ROW EXECUTE FUNCTION message_retract_only();
    CREATE TRIGGER message_no_truncate BEFORE TRUNCATE ON message
      FOR EACH STATEMENT EXECUTE FUNCTION careteam_append_only();

    -- Each person's read position in a conversation: unread counts and "seen by".
    CREATE TABLE conversation_read (
      conversation_id uuid NOT NULL REFERENCES conversation(id),
      user_id uuid NOT NULL REFERENCES app_user(id),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      last_read_seq bigint NOT NULL,
      last_read_message_id uuid NOT NULL REFERENCES message(id),
      read_at timestamptz NOT NULL,
      PRIMARY KEY (conversation_id, user_id)
    );
    CREATE INDEX conversation_read_user ON conversation_read (user_id);
  `.execute(db);
}
