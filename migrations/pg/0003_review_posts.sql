CREATE TABLE "review_posts" (
	"review" text NOT NULL,
	"period_start" bigint NOT NULL,
	"scheduled_at" bigint NOT NULL,
	"recorded_at" bigint NOT NULL,
	"outcome" text NOT NULL,
	CONSTRAINT "review_posts_review_period_start_pk" PRIMARY KEY("review","period_start")
);
