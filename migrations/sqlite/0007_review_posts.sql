CREATE TABLE `review_posts` (
	`review` text NOT NULL,
	`period_start` integer NOT NULL,
	`scheduled_at` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	`outcome` text NOT NULL,
	PRIMARY KEY(`review`, `period_start`)
);
